"""Publication's public web pages, over plain HTTP: the published reports (HTML with charts,
JSON, CSV) and the public lists. Readable on a phone: one column, tables that scroll, and
charts drawn as SVG on the server, so nothing runs in the reader's browser.

Only what is published is served: drafts and reviewed reports are not, and a report page
shows its figures after disclosure control (a hidden cell is "—", with why).
"""

import asyncio
import html
import json
from collections.abc import Callable
from uuid import UUID

import structlog

from portcullis_kit.errors import PortcullisError
from portcullis_kit.mail_treatment import MEASURES, level_for
from publication.application.publication_app import PublicationApplication
from publication.application.reports import report_csv
from publication.domain.report import Report, ReportStage

log = structlog.get_logger("publication.web")
STYLE = """
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:960px;padding:1rem;line-height:1.4}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.9rem}
th,td{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:right}
th:first-child,td:first-child{text-align:left}
.scroll{overflow-x:auto}.hidden{color:#888}svg{width:100%;height:auto;max-width:480px}
"""
Page = tuple[int, str, str]  # status, content type, body
REPEAT_OFFENDERS_SHOWN = 25


def page(title: str, body: str) -> str:
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><h1>{html.escape(title)}</h1>{body}</body></html>"
    )


def bar_chart(title: str, bars: list[tuple[str, float | None]]) -> str:
    """A bar chart as SVG, each label above its bar so that it stays legible on a phone's
    width; a hidden value is drawn as no bar, marked "—"."""
    shown = [v for _, v in bars if v is not None]
    top = max(shown, default=0) or 1
    height = 36 * len(bars) + 4
    rows = []
    for i, (label, value) in enumerate(bars):
        y = 36 * i
        width = 0 if value is None else 250 * value / top
        text = "—" if value is None else f"${value:,.0f}"
        rows.append(
            f"<text x='0' y='{y + 13}' font-size='13'>{html.escape(label[:48])}</text>"
            f"<rect class='bar' x='0' y='{y + 18}' width='{width:.1f}' height='14'"
            " fill='#3465a4'/>"
            f"<text x='{width + 5:.1f}' y='{y + 30}' font-size='13'>{text}</text>"
        )
    return (
        f"<svg role='img' aria-label='{html.escape(title)}' viewBox='0 0 360 {height}'>"
        + "".join(rows)
        + "</svg>"
    )


def counted(content: dict[str, object]) -> str:
    if content["seizures"] is None:
        return "Its totals are hidden (too few contributors)."
    return f"{content['seizures']} seizures, {content['lines']} lines."


def report_page(report: Report) -> str:
    content = json.loads(report.content)
    parts = [
        f"<p>Period {html.escape(content['period'])} ({content['first_day']} to"
        f" {content['last_day']}), version {report.report_version}, published"
        f" {report.published_on}. {counted(content)}"
        " Cells with fewer than"
        f" {content['rules']['min_contributors']} contributors, or dominated by a few, are"
        " hidden (—), with enough others that no hidden cell can be worked out.</p>",
    ]
    if report.corrects:
        parts.append(
            f"<p>Corrects <a href='/reports/{report.corrects}'>the previous version</a>:"
            f" {html.escape(report.correction_reason)}</p>"
        )
    offenders = content["repeat_offenders"][:REPEAT_OFFENDERS_SHOWN]
    if offenders:
        rows = "".join(
            f"<tr><td>{o['rank']}</td><td>{html.escape(o['name'])}</td>"
            f"<td>{html.escape(o['kind'])}</td></tr>"
            for o in offenders
        )
        parts.append(
            "<h2>Repeat offenders in priority trade issues</h2>"
            f"<p>The first {len(offenders)}, most seizures first; the JSON and CSV list them"
            " all. Their figures are not shown: they are in the tables, under disclosure"
            " control.</p><div class='scroll'><table>"
            "<tr><th>Rank</th><th>Name</th><th>Kind</th></tr>"
            f"{rows}</table></div>"
        )
    for table in content["tables"]:
        parts.append(f"<h2>{html.escape(table['title'])}</h2>")
        by_position = {(c["row"], c["column"]): c for c in table["cells"]}
        last_column = table["columns"][-1]
        bars = [
            (row, by_position[(row, last_column)]["msrp_usd"])
            for row in table["rows"]
            if row != "Total"
        ]
        parts.append(bar_chart(table["title"], bars))
        header = "".join(f"<th>{html.escape(c)}</th>" for c in table["columns"])
        body = []
        for row in table["rows"]:
            cells = []
            for column in table["columns"]:
                cell = by_position[(row, column)]
                if cell["suppressed"]:
                    title = html.escape(cell["suppressed"])
                    cells.append(f"<td class='hidden' title='{title}'>—</td>")
                else:
                    cells.append(f"<td>{cell['lines']} lines, ${cell['msrp_usd']:,.0f}</td>")
            body.append(f"<tr><td>{html.escape(row)}</td>{''.join(cells)}</tr>")
        parts.append(
            f"<div class='scroll'><table><tr><th></th>{header}</tr>{''.join(body)}</table></div>"
        )
    parts.append(
        f"<p><a href='/reports/{report.id}.json'>JSON</a> ·"
        f" <a href='/reports/{report.id}.csv'>CSV</a> · <a href='/'>all reports</a></p>"
    )
    return page(f"Seizures in international mail and express, {content['period']}", "".join(parts))


class PublicationWeb:
    def __init__(self, app: PublicationApplication) -> None:
        self.app = app

    def route(self, path: str) -> Page:
        routes: dict[str, Callable[[], Page]] = {
            "/": self.index,
            "/lists/excluded": self.excluded,
            "/lists/posts": self.posts,
        }
        if path in routes:
            return routes[path]()
        if path.startswith("/reports/"):
            return self.report(path.removeprefix("/reports/"))
        return 404, "text/plain", "not found"

    def index(self) -> Page:
        published = [r for r in self.app.all_reports() if r.stage == ReportStage.PUBLISHED]
        items = "".join(
            f"<li><a href='/reports/{r.id}'>{html.escape(r.period)}, version"
            f" {r.report_version}</a></li>"
            for r in sorted(published, key=lambda r: (r.period, r.report_version), reverse=True)
        )
        body = (
            f"<h2>Seizure reports</h2><ul>{items or '<li>none published yet</li>'}</ul>"
            "<h2>Public lists</h2><ul><li><a href='/lists/excluded'>Persons suspended or"
            " debarred</a></li><li><a href='/lists/posts'>Non-compliant international"
            " posts</a></li></ul>"
        )
        return 200, "text/html", page("Portcullis: published by CBP under EO 13904", body)

    def report(self, name: str) -> Page:
        stem, _, extension = name.partition(".")
        try:
            report = self.app.get_report(UUID(stem))
        except (ValueError, PortcullisError):
            return 404, "text/plain", "no such report"
        if report.stage != ReportStage.PUBLISHED:
            return 404, "text/plain", "no such report"
        if extension == "json":
            return 200, "application/json", report.content
        if extension == "csv":
            return 200, "text/csv", report_csv(report.content)
        return 200, "text/html", report_page(report)

    def excluded(self) -> Page:
        on = self.app.clock()
        rows = "".join(
            f"<tr><td>{html.escape(x.name)}</td><td>{html.escape(x.kind)}</td>"
            f"<td>{html.escape(x.country)}</td><td>{html.escape(x.exclusion_type)}</td>"
            f"<td>{x.effective_date or ''}</td><td>{x.last_day or 'indefinite'}</td></tr>"
            for x in self.app.excluded_persons(on)
        )
        body = (
            f"<p>In force on {on}.</p><div class='scroll'><table><tr><th>Name</th><th>Kind</th>"
            "<th>Country</th><th>Exclusion</th><th>From</th><th>Last day</th></tr>"
            f"{rows}</table></div>"
        )
        return 200, "text/html", page("Persons suspended or debarred by CBP", body)

    def posts(self) -> Page:
        rows = "".join(
            f"<tr><td>{html.escape(p.upu_code)}</td><td>{html.escape(p.country)}</td>"
            f"<td>{p.consecutive_non_compliant}</td>"
            f"<td>{MEASURES[level_for(p.consecutive_non_compliant)]}</td></tr>"
            for p in self.app.public_non_compliant_posts()
        )
        try:
            version, text = self.app.public_guidance()
            guidance = f"<h2>Guidance (version {version})</h2><p>{html.escape(text)}</p>"
        except PortcullisError:
            guidance = ""
        body = (
            "<div class='scroll'><table><tr><th>Post</th><th>Country</th>"
            f"<th>Non-compliant quarters</th><th>Measure</th></tr>{rows}</table></div>{guidance}"
        )
        return 200, "text/html", page("Non-compliant international posts", body)

    async def serve(self, host: str, port: int) -> None:
        server = await asyncio.start_server(self._handle, host, port)
        log.info("web.listening", address=f"http://{host}:{port}/")
        async with server:
            await server.serve_forever()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request_line = (await asyncio.wait_for(reader.readline(), 10)).decode("latin-1")
            while (await asyncio.wait_for(reader.readline(), 10)) not in (b"\r\n", b"\n", b""):
                pass  # headers: nothing here needs them
            method, path, *_ = request_line.split() or ["", ""]
            if method not in ("GET", "HEAD"):
                status, kind, body = 405, "text/plain", "only GET"
            else:
                status, kind, body = await asyncio.to_thread(self.route, path.split("?")[0])
        except (TimeoutError, ValueError):
            status, kind, body = 400, "text/plain", "bad request"
        except Exception:
            log.exception("web.failed")
            status, kind, body = 500, "text/plain", "internal error"
        data = body.encode()
        reason = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed"}
        head = (
            f"HTTP/1.1 {status} {reason.get(status, 'Error')}\r\n"
            f"Content-Type: {kind}; charset=utf-8\r\nContent-Length: {len(data)}\r\n"
            "Connection: close\r\n\r\n"
        )
        writer.write(head.encode() + data)
        try:
            await writer.drain()
        finally:
            writer.close()
