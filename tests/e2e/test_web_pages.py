"""Publication's web pages over HTTP: a published report with its charts and tables (a
hidden cell shown as "—"), as JSON and CSV, and the public lists; drafts are not served.

The page is checked twice: parsed, and rendered by headless Chromium at a phone's size
(`tests/browser.py`), which is where "the charts and tables render" can be seen."""

import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

from portcullis.common.v1 import types_pb2
from portcullis.publication.v1 import publication_service_pb2 as pb
from portcullis_cli.cluster import LocalCluster
from tests.browser import Browser
from tests.e2e.conftest import Clients


class Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attributes: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.append(dict(attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def get(cluster: LocalCluster, path: str) -> tuple[str, str]:
    url = f"http://{cluster.config.host}:{cluster.config.web_port}{path}"
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers["Content-Type"], response.read().decode()


def seizure(n: int, category: pb.ViolationCategory.ValueType) -> pb.Seizure:
    return pb.Seizure(
        seized_date=f"2026-08-{n + 1:02d}",
        environment=pb.ENVIRONMENT_EXPRESS,
        origin_country="CN",
        lines=[
            pb.SeizureLine(
                description="watches",
                quantity=5,
                msrp=types_pb2.Money(currency_code="USD", minor_units=120_000 + n),
                category=category,
                priority_trade_issue="PTI-4",
            )
        ],
        post_or_carrier="UPS",
        parties=[pb.SeizedParty(kind=pb.SEIZED_PARTY_KIND_ORGANIZATION, name=f"Org {n}")],
    )


def publish_a_report(clients: Clients, cluster: LocalCluster) -> str:
    """Six watch seizures and one lone drugs seizure in 2026Q3, drafted, reviewed and
    published; a draft is not served on the way."""
    publication = clients.publication
    for n in range(6):
        publication.RecordSeizure(
            pb.RecordSeizureRequest(
                seizure=seizure(n, pb.VIOLATION_CATEGORY_INTELLECTUAL_PROPERTY)
            ),
            timeout=5,
        )
    publication.RecordSeizure(
        pb.RecordSeizureRequest(seizure=seizure(9, pb.VIOLATION_CATEGORY_ILLEGAL_DRUGS)), timeout=5
    )
    draft = publication.DraftReport(
        pb.DraftReportRequest(period="2026Q3"),
        metadata=(("x-portcullis-caller", "analyst"),),
        timeout=30,
    ).report
    with pytest.raises(urllib.error.HTTPError) as raised:  # a draft is not public
        get(cluster, f"/reports/{draft.report_id}")
    assert raised.value.code == 404
    supervisor = (("x-portcullis-caller", "supervisor"),)
    publication.ReviewReport(
        pb.ReviewReportRequest(report_id=draft.report_id, note="ok"), metadata=supervisor, timeout=5
    )
    publication.PublishReport(
        pb.PublishReportRequest(report_id=draft.report_id), metadata=supervisor, timeout=5
    )
    return draft.report_id


def test_a_published_report_and_the_lists_are_served_as_pages(
    cluster: LocalCluster, clients: Clients
) -> None:
    report_id = publish_a_report(clients, cluster)

    kind, index = get(cluster, "/")
    assert kind.startswith("text/html")
    assert f"/reports/{report_id}" in index
    kind, body = get(cluster, f"/reports/{report_id}")
    outline = Outline()
    outline.feed(body)
    assert {"meta", "svg", "rect", "table"} <= set(outline.tags)
    assert any(a.get("name") == "viewport" for a in outline.attributes)
    bars = [a for t, a in zip(outline.tags, outline.attributes, strict=True) if t == "rect"]
    assert len(bars) >= 2
    assert "—" in "".join(outline.text)  # the lone drugs seizure is hidden
    kind, as_json = get(cluster, f"/reports/{report_id}.json")
    assert kind.startswith("application/json")
    assert '"seizures": 7' in as_json
    kind, as_csv = get(cluster, f"/reports/{report_id}.csv")
    assert kind.startswith("text/csv")
    assert as_csv.startswith("period,version,table")
    for path in ("/lists/excluded", "/lists/posts"):
        kind, listing = get(cluster, path)
        assert kind.startswith("text/html")
        assert "<table>" in listing


# What the browser measures on the report page, in one round trip.
PAGE_FACTS = """(() => {
  const visible = (e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const charts = [...document.querySelectorAll('svg[role=img]')];
  const bars = [...document.querySelectorAll('svg rect.bar')];
  const tables = [...document.querySelectorAll('table')];
  const hidden = [...document.querySelectorAll('td.hidden')];
  return {
    viewport: window.innerWidth,
    pageWidth: document.documentElement.scrollWidth,
    charts: charts.filter(visible).length,
    widestChart: Math.max(...charts.map((c) => c.getBoundingClientRect().width)),
    barsDrawn: bars.filter((b) => b.getBoundingClientRect().width > 1).length,
    tables: tables.filter(visible).length,
    tableRows: tables.reduce((n, t) => n + t.rows.length, 0),
    hiddenShown: hidden.filter(visible).map((c) => c.textContent),
    smallestChartText: Math.min(...[...document.querySelectorAll('svg text')].map(
      (t) => t.getBoundingClientRect().height)),
    smallestText: Math.min(...[...document.querySelectorAll('p, td, th')].map(
      (e) => parseFloat(getComputedStyle(e).fontSize))),
    title: document.querySelector('h1').textContent,
  };
})()"""


def test_a_published_report_renders_in_headless_chromium_on_a_phone(
    cluster: LocalCluster, clients: Clients, tmp_path: Path
) -> None:
    report_id = publish_a_report(clients, cluster)
    address = f"http://{cluster.config.host}:{cluster.config.web_port}"
    with Browser() as browser:
        browser.open(f"{address}/reports/{report_id}")
        facts = browser.evaluate(PAGE_FACTS)
        # Kept beside the test's files for whoever looks into a failure.
        (tmp_path / "report-on-a-phone.png").write_bytes(browser.screenshot())
        browser.open(f"{address}/lists/excluded")
        lists = browser.evaluate("document.querySelectorAll('table').length")

    assert facts["viewport"] == 390
    assert facts["title"].startswith("Seizures in international mail and express, 2026Q3")
    # Every table's chart is drawn, with bars, and fits the phone's width.
    assert facts["charts"] >= 4
    assert facts["charts"] == facts["tables"] - 1  # the repeat offenders' table has none
    assert facts["barsDrawn"] >= 2
    assert facts["widestChart"] <= facts["viewport"]
    assert facts["tableRows"] > 10
    assert facts["hiddenShown"]
    assert set(facts["hiddenShown"]) == {"—"}
    # Readable on a phone: the page does not scroll sideways (wide tables scroll in their
    # own box), and no text is smaller than 12 px.
    assert facts["pageWidth"] <= facts["viewport"]
    assert facts["smallestText"] >= 12
    assert facts["smallestChartText"] >= 12  # a chart's labels are not shrunk to fit
    assert lists == 1
