import csv
from datetime import date
from pathlib import Path

import pytest

from portcullis_kit.errors import InvalidArgument
from portcullis_kit.party import Address, Identifier, PartyDetails, PartyKind
from registry.adapters.sam_csv import (
    V4_COLUMNS,
    RowError,
    SamRecord,
    SamRow,
    read_sam_csv,
    write_sam_v4_csv,
)
from registry.domain.exclusion import ExclusionAction, ExclusionType

REFERENCE = Path(__file__).resolve().parents[3] / "data" / "reference"
V2_SAMPLE = REFERENCE / "sam_exclusions_api_sample_v2layout.csv"
V4_SAMPLE = REFERENCE / "sam_exclusions_api_sample_v4layout.csv"


def read_file(path: Path) -> list[SamRow | RowError]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(read_sam_csv(f))


def records(results: list[SamRow | RowError]) -> list[SamRecord]:
    assert [r for r in results if isinstance(r, RowError)] == []
    return [r.record for r in results if isinstance(r, SamRow)]


def test_every_v2_sample_record_reads_without_error() -> None:
    results = read_file(V2_SAMPLE)
    assert len(records(results)) == 63
    assert [r.row for r in results] == list(range(2, 65))


def test_v2_sample_hongdark_rows_carry_name_uei_and_address() -> None:
    rows = {r.row: r.record for r in read_file(V2_SAMPLE) if isinstance(r, SamRow)}
    first, second = rows[2], rows[3]
    assert first.details.name == "Shenzhen Hongdark Electronics Co., Ltd."
    assert first.details.kind is PartyKind.ORGANIZATION
    assert Identifier("UEI", "H2XFNNKK2NZ9") in first.details.identifiers
    assert first.details.addresses == (Address(city="Shenzhen", country="CN"),)
    assert first.details.source_ref == "SAM:UEI:H2XFNNKK2NZ9"
    assert first.exclusion_type is ExclusionType.DEBARMENT
    assert first.action.official == "DEPT OF THE AIR FORCE"
    assert first.action.effective_date is None  # v2 has no dates
    assert second.details.name == "Hong Dark Electronic Trade Company"
    (address,) = second.details.addresses
    assert (address.line1, address.region, address.postal_code, address.country) == (
        "Rm 2D, Sector 10",
        "Guangdong",
        "518026",
        "CN",
    )


def test_v4_sample_reads_names_identifiers_dates_and_addresses() -> None:
    (record,) = records(read_file(V4_SAMPLE))
    details, action = record.details, record.action
    assert details.name == "Leidos Integrated Technology, LLC"
    assert "Eagle Group International, LLC" in details.aliases
    assert "Leidos Holdings, Inc." in details.aliases
    assert len(details.aliases) == 2  # the moreLocations name repeats a cross-reference
    assert Identifier("UEI", "JR6JAB4DSUK8") in details.identifiers
    assert Identifier("UEI", "U1MPW6R1CK89") in details.identifiers
    assert action.effective_date == date(2012, 12, 12)
    assert action.end_date is None
    assert action.sam_published_date == date(2021, 2, 3)
    assert len(details.addresses) == 2
    assert {a.country for a in details.addresses} == {"US"}
    assert details.addresses[1].postal_code == "20817-1803"
    assert record.exclusion_type is ExclusionType.SUSPENSION
    assert action.sam is not None
    assert action.sam.exclusion_type == "Ineligible (Proceedings Pending)"
    assert action.sam.termination_type == "Indefinite"


def test_v4_header_is_the_sample_header() -> None:
    with V4_SAMPLE.open(newline="", encoding="utf-8") as f:
        assert tuple(next(csv.reader(f))) == V4_COLUMNS
    assert len(V4_COLUMNS) == 58


@pytest.mark.parametrize("sample", [V2_SAMPLE, V4_SAMPLE], ids=["v2", "v4"])
def test_writing_v4_and_reading_back_gives_the_same_records(sample: Path) -> None:
    original = records(read_file(sample))
    lines = list(write_sam_v4_csv(original))
    assert len(lines) == len(original) + 1
    assert records(list(read_sam_csv(lines))) == original


def test_bad_rows_are_reported_by_line_and_column_and_good_rows_still_read() -> None:
    header = "classificationType,exclusionType,excludingAgencyCode,entityName,"
    header += "exclusionPrimaryAddress:countryCode,activateDate"
    lines = [
        header,
        "Firm,Voluntary Exclusion,GSA,Good One,USA,2024-01-31",
        "Firm,Foo,GSA,Bad Type,USA,2024-01-31",
        "Firm,Voluntary Exclusion,GSA,Bad Country,XYZ,2024-01-31",
        "Firm,Voluntary Exclusion,GSA,Bad Date,USA,31/01/2024",
        "Individual,Voluntary Exclusion,GSA,Good Two,null,01/31/2024",
    ]
    results = list(read_sam_csv(lines))
    assert [r.row for r in results] == [2, 3, 4, 5, 6]
    good = [r for r in results if isinstance(r, SamRow)]
    assert [r.record.details.name for r in good] == ["Good One", "Good Two"]
    assert good[1].record.action.effective_date == date(2024, 1, 31)
    errors = {r.row: r.reason for r in results if isinstance(r, RowError)}
    assert errors[3] == "exclusionType: 'Foo' is not a SAM exclusion type"
    assert errors[4].startswith("exclusionPrimaryAddress:countryCode: 'XYZ'")
    assert errors[5].startswith("activateDate: '31/01/2024'")


def test_header_without_required_columns_is_refused() -> None:
    with pytest.raises(InvalidArgument) as caught:
        list(read_sam_csv(["classificationType,name", "Firm,Acme"]))
    assert caught.value.field == "file"
    assert "exclusionType" in caught.value.problem


def test_individual_is_named_from_name_parts_and_keyed_without_uei() -> None:
    lines = [
        "classificationType,exclusionType,excludingAgencyName,prefix,firstName,lastName,suffix",
        "Individual,Ineligible (Proceedings Completed),AGENCY,Dr.,Jane, Doe ,Jr.",
    ]
    (result,) = read_sam_csv(lines)
    assert isinstance(result, SamRow)
    details = result.record.details
    assert details.kind is PartyKind.INDIVIDUAL
    assert details.name == "Dr. Jane Doe Jr."
    assert details.source_ref == "SAM:Individual:dr. jane doe jr.:"


def own_exclusion(kind: ExclusionType, end: date | None) -> SamRecord:
    details = PartyDetails(
        kind=PartyKind.ORGANIZATION,
        name="Acme Parcel Ltd",
        addresses=(Address(city="Hong Kong", country="HK"),),
    )
    action = ExclusionAction(
        cause="undervalued shipments",
        trade_related=True,
        official="SDO",
        effective_date=date(2026, 1, 5),
        end_date=end,
    )
    return SamRecord(details, kind, action)


def test_own_exclusion_is_written_with_cbp_defaults() -> None:
    lines = list(write_sam_v4_csv([own_exclusion(ExclusionType.DEBARMENT, date(2029, 1, 4))]))
    row = dict(zip(V4_COLUMNS, next(csv.reader(lines[1:])), strict=True))
    assert row["classificationType"] == "Firm"
    assert row["exclusionType"] == "Ineligible (Proceedings Completed)"
    assert row["excludingAgencyCode"] == "DHS-CBP"
    assert row["exclusionProgram"] == "NonProcurement"
    assert row["terminationType"] == "Definite"
    assert (row["activateDate"], row["terminationDate"]) == ("2026-01-05", "2029-01-04")
    assert row["exclusionPrimaryAddress:countryCode"] == "HKG"
    assert row["additionalComments"] == "null"  # the cause is not published by default


def test_writing_a_type_sam_does_not_list_is_refused() -> None:
    with pytest.raises(ValueError, match="proposed_debarment"):
        list(write_sam_v4_csv([own_exclusion(ExclusionType.PROPOSED_DEBARMENT, None)]))


def test_third_address_and_second_identifiers_travel_in_more_locations() -> None:
    addresses = (
        Address(line1="1 Main St", city="Reno", region="NV", postal_code="89501", country="US"),
        Address(city="Toronto", country="CA"),
        Address(line1="2 Quay Rd", postal_code="12345-6789", country="GB"),
        Address(line2="Unit 4", city="Kowloon", country="HK"),
    )
    identifiers = (
        Identifier("UEI", "JR6JAB4DSUK8"),
        Identifier("UEI", "U1MPW6R1CK89"),
        Identifier("CAGE", "1W15F"),
    )
    own = own_exclusion(ExclusionType.SUSPENSION, None)
    details = PartyDetails(
        kind=PartyKind.ORGANIZATION,
        name=own.details.name,
        aliases=("Acme", "Acme HK"),
        addresses=addresses,
        identifiers=identifiers,
    )
    lines = list(write_sam_v4_csv([SamRecord(details, own.exclusion_type, own.action)]))
    row = dict(zip(V4_COLUMNS, next(csv.reader(lines[1:])), strict=True))
    assert row["moreLocations:primaryAddress:countryCode"] == "GBR~HKG"
    assert row["moreLocations:ueiSAM"] == "U1MPW6R1CK89"
    (back,) = records(list(read_sam_csv(lines)))
    assert back.details.addresses == addresses
    assert back.details.identifiers == identifiers
    assert back.details.aliases == details.aliases
    assert back.details.source_ref == "SAM:UEI:JR6JAB4DSUK8"
