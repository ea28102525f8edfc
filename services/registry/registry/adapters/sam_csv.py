"""SAM (System for Award Management) exclusion CSV extracts to and from domain values.

Reads the older v2 layout (29 columns, no dates) and the current v4 layout (58 columns);
writes v4 only. Pure: the caller opens the file and passes its lines (opened with
newline="", as the csv module wants) and writes the lines we yield.

SAM's conventions, as the samples in data/reference/ show them:
- a literal "null" or a blank cell means no value;
- countries are ISO 3166-1 alpha-3 (USA, CHN); the domain holds alpha-2;
- multi-valued cells (cross-reference names, more locations) separate values with "~",
  and the moreLocations:primaryAddress:* cells line up position by position.
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from itertools import zip_longest

from portcullis_kit.errors import InvalidArgument
from portcullis_kit.party import Address, Identifier, PartyDetails, PartyKind, check_party
from portcullis_kit.reference import alpha2_by_alpha3, country_codes
from registry.domain.exclusion import ExclusionAction, ExclusionType, SamFacts

# The header line of SAM's v4 extract, as SAM writes it (data/reference/..._v4layout.csv).
V4_HEADER = (
    "classificationType,exclusionType,exclusionProgram,excludingAgencyCode,"
    "excludingAgencyName,ueiSAM,cageCode,npi,prefix,firstName,middleName,lastName,suffix,"
    "entityName,dnbOpenData,createDate,updateDate,activateDate,terminationDate,"
    "terminationType,recordStatus,exclusionPrimaryAddress:addressLine1,"
    "exclusionPrimaryAddress:addressLine2,exclusionPrimaryAddress:city,"
    "exclusionPrimaryAddress:stateOrProvinceCode,exclusionPrimaryAddress:zipCode,"
    "exclusionPrimaryAddress:zipCodePlus4,exclusionPrimaryAddress:countryCode,"
    "exclusionSecondaryAddress:addressLine1,exclusionSecondaryAddress:addressLine2,"
    "exclusionSecondaryAddress:city,exclusionSecondaryAddress:stateProvinceCode,"
    "exclusionSecondaryAddress:zipCode,exclusionSecondaryAddress:zipCodePlus4,"
    "exclusionSecondaryAddress:countryCode,isFASCSAOrder,additionalComments,ctCode,"
    "evsInvestigationStatus,references:exclusionName,references:type,"
    "moreLocations:exclusionName,moreLocations:ueiSAM,moreLocations:cageCode,"
    "moreLocations:npi,moreLocations:primaryAddress:addressLine1,"
    "moreLocations:primaryAddress:addressLine2,moreLocations:primaryAddress:city,"
    "moreLocations:primaryAddress:stateOrProvinceCode,moreLocations:primaryAddress:zipCode,"
    "moreLocations:primaryAddress:zipCodePlus4,moreLocations:primaryAddress:countryCode,"
    "callSign,type,tonnage,grt,flag,owner"
)
V4_COLUMNS: tuple[str, ...] = tuple(V4_HEADER.split(","))

CLASSIFICATIONS = {
    "Individual": PartyKind.INDIVIDUAL,
    "Firm": PartyKind.ORGANIZATION,
    "Special Entity Designation": PartyKind.ORGANIZATION,
    "Vessel": PartyKind.ORGANIZATION,
}
EXCLUSION_TYPES = {
    "Ineligible (Proceedings Pending)": ExclusionType.SUSPENSION,
    "Ineligible (Proceedings Completed)": ExclusionType.DEBARMENT,
    "Prohibition/Restriction": ExclusionType.PROHIBITION_RESTRICTION,
    "Voluntary Exclusion": ExclusionType.VOLUNTARY_EXCLUSION,
}
SAM_EXCLUSION_TYPES = {kind: sam for sam, kind in EXCLUSION_TYPES.items()}
NAME_PARTS = ("prefix", "firstName", "middleName", "lastName", "suffix")
IDENTIFIER_COLUMNS = (("UEI", "ueiSAM"), ("CAGE", "cageCode"), ("NPI", "npi"))
MORE = "moreLocations:"
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y")
ZIP_PLUS4 = re.compile(r"(\d{5})-(\d{4})")
# CBP's own exclusions carry no SamFacts; these describe them in SAM's vocabulary.
CBP_AGENCY_CODE = "DHS-CBP"
CBP_AGENCY_NAME = "U.S. CUSTOMS AND BORDER PROTECTION"
CBP_PROGRAM = "NonProcurement"


def _address_columns(prefix: str, region: str) -> tuple[str, ...]:
    parts = ("addressLine1", "addressLine2", "city", region, "zipCode", "zipCodePlus4")
    return tuple(prefix + part for part in (*parts, "countryCode"))


PRIMARY = _address_columns("exclusionPrimaryAddress:", "stateOrProvinceCode")
# SAM spells the secondary address's region column differently from the primary's.
SECONDARY = _address_columns("exclusionSecondaryAddress:", "stateProvinceCode")
MORE_ADDRESS = _address_columns(MORE + "primaryAddress:", "stateOrProvinceCode")


@dataclass(frozen=True)
class SamRecord:
    details: PartyDetails
    exclusion_type: ExclusionType
    action: ExclusionAction


@dataclass(frozen=True)
class SamRow:
    row: int  # line in the file where the record starts; the header is line 1
    record: SamRecord


@dataclass(frozen=True)
class RowError:
    row: int
    reason: str  # starts with the column, e.g. "exclusionType: 'Foo' is not ..."


def sam_source_ref(classification: str, name: str, uei: str, country: str) -> str:
    """A natural key, so that importing the same extract twice finds the same parties.
    A UEI is SAM's own key for an entity; without one, the name and country stand in."""
    if uei:
        return f"SAM:UEI:{uei}"
    return f"SAM:{classification}:{' '.join(name.casefold().split())}:{country}"


# Reading.


def read_sam_csv(lines: Iterable[str]) -> Iterator[SamRow | RowError]:
    """Yields one SamRow or RowError per record; a bad record does not stop the file.
    Columns are read by name, so v2 (which lacks the dates and the references and
    moreLocations columns) reads as v4 with those cells empty."""
    reader = csv.reader(lines)
    first = next(reader, None)
    if first is None:
        raise InvalidArgument("file", "is empty: expected a SAM exclusions header line")
    # A file saved by Excel may start with a byte-order mark glued to the first name.
    header = [name.lstrip("\ufeff").strip() for name in first]
    _check_header(header)
    alpha2 = alpha2_by_alpha3()
    countries = country_codes()
    start = reader.line_num + 1
    for cells in reader:
        # A quoted cell may span lines: the record starts after the previous one ended.
        row_number, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            # Every value after a stray comma would land in the wrong column.
            reason = f"row: {len(cells)} cells where the header has {len(header)}"
            yield RowError(row_number, reason)
            continue
        row = {name: _value(cell) for name, cell in zip(header, cells, strict=True)}
        try:
            yield SamRow(row_number, _record(row, alpha2, countries))
        except InvalidArgument as error:
            yield RowError(row_number, str(error))


def _check_header(header: Sequence[str]) -> None:
    missing = [name for name in ("classificationType", "exclusionType") if name not in header]
    if "entityName" not in header and "lastName" not in header:
        missing.append("entityName or lastName")
    if missing:
        raise InvalidArgument(
            "file", f"the header lacks {', '.join(missing)}: not a SAM exclusions extract"
        )


def _value(cell: str) -> str:
    text = cell.strip()
    return "" if text == "null" else text


def _split(text: str) -> list[str]:
    """A "~"-separated cell, position by position (empty positions kept)."""
    return [_value(part) for part in text.split("~")] if text else []


def _record(
    row: Mapping[str, str], alpha2: Mapping[str, str], countries: frozenset[str]
) -> SamRecord:
    def cell(column: str) -> str:
        return row.get(column, "")

    classification = cell("classificationType")
    kind = CLASSIFICATIONS.get(classification)
    if kind is None:
        raise InvalidArgument(
            "classificationType", f"{classification!r} is not a SAM classification"
        )
    name = ""
    if kind is PartyKind.INDIVIDUAL:
        name = " ".join(part for part in map(cell, NAME_PARTS) if part)
    name = name or cell("entityName")
    if not name:
        raise InvalidArgument("entityName", "no name (nor firstName/lastName for an individual)")
    raw_type = cell("exclusionType")
    exclusion_type = EXCLUSION_TYPES.get(raw_type)
    if exclusion_type is None:
        raise InvalidArgument("exclusionType", f"{raw_type!r} is not a SAM exclusion type")
    facts = SamFacts(
        classification=classification,
        exclusion_type=raw_type,
        program=cell("exclusionProgram"),
        agency_code=cell("excludingAgencyCode"),
        agency_name=cell("excludingAgencyName"),
        termination_type=cell("terminationType"),
        ct_code=cell("ctCode"),
        comments=cell("additionalComments"),
    )
    # An exclusion is somebody's decision; a record that names no agency cannot be acted on.
    official = facts.agency_name or facts.agency_code
    if not official:
        raise InvalidArgument("excludingAgencyCode", "no excluding agency (code or name)")
    program = f" ({facts.program})" if facts.program else ""
    action = ExclusionAction(
        cause=facts.comments or f"{raw_type}{program} by {official}",
        trade_related=False,  # SAM does not say; CBP decides whether it is trade-related
        official=official,
        effective_date=_date(row, "activateDate"),
        end_date=_date(row, "terminationDate"),
        sam_published_date=_date(row, "createDate"),
        sam=facts,
    )
    aliases: list[str] = []
    for alias in _split(cell("references:exclusionName")) + _split(cell(MORE + "exclusionName")):
        if alias and alias != name and alias not in aliases:
            aliases.append(alias)
    addresses = _addresses(row, alpha2)
    uei = cell("ueiSAM").upper()
    details = PartyDetails(
        kind=kind,
        name=name,
        aliases=tuple(aliases),
        addresses=addresses,
        identifiers=_identifiers(row),
        source_ref=sam_source_ref(
            classification, name, uei, addresses[0].country if addresses else ""
        ),
    )
    check_party(details, countries)
    return SamRecord(details, exclusion_type, action)


def _date(row: Mapping[str, str], column: str) -> date | None:
    text = row.get(column, "")
    if not text:
        return None
    for date_format in DATE_FORMATS:
        try:
            return datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    raise InvalidArgument(column, f"{text!r} is not a date (YYYY-MM-DD or MM/DD/YYYY)")


def _identifiers(row: Mapping[str, str]) -> tuple[Identifier, ...]:
    # Grouped by scheme (all UEIs first), so that writing and reading back keeps the order.
    found: list[Identifier] = []
    for scheme, column in IDENTIFIER_COLUMNS:
        for value in [row.get(column, ""), *_split(row.get(MORE + column, ""))]:
            identifier = Identifier(scheme, value.upper())
            if value and identifier not in found:
                found.append(identifier)
    return tuple(found)


def _addresses(row: Mapping[str, str], alpha2: Mapping[str, str]) -> tuple[Address, ...]:
    # (values, the country column to name in an error)
    candidates = [
        ([row.get(column, "") for column in columns], columns[-1])
        for columns in (PRIMARY, SECONDARY)
    ]
    more = [_split(row.get(column, "")) for column in MORE_ADDRESS]
    candidates += [(list(values), MORE_ADDRESS[-1]) for values in zip_longest(*more, fillvalue="")]
    found: list[Address] = []
    for values, country_column in candidates:
        address = _address(values, country_column, alpha2)
        if address is not None and address not in found:
            found.append(address)
    return tuple(found)


def _address(
    values: Sequence[str], country_column: str, alpha2: Mapping[str, str]
) -> Address | None:
    line1, line2, city, region, zip_code, plus4, alpha3 = values
    if not any(values):
        return None
    if not alpha3:
        raise InvalidArgument(country_column, "missing for an address that has other fields")
    country = alpha2.get(alpha3.upper())
    if country is None:
        raise InvalidArgument(country_column, f"{alpha3!r} is not an ISO 3166-1 alpha-3 code")
    postal_code = f"{zip_code}-{plus4}" if zip_code and plus4 else zip_code or plus4
    return Address(line1, line2, city, region, postal_code, country)


# Writing.


def write_sam_v4_csv(records: Iterable[SamRecord]) -> Iterator[str]:
    """Yields the v4 header line, then one line per record (with SAM's "\\r\\n" endings).
    Raises ValueError for a record SAM cannot carry: a type that does not exclude, or a
    "~" inside a value of a "~"-separated cell."""
    yield _csv_line(V4_COLUMNS)
    for record in records:
        row = _v4_row(record)
        yield _csv_line([row.get(column) or "null" for column in V4_COLUMNS])


def _csv_line(cells: Sequence[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(cells)
    return buffer.getvalue()


@cache
def _alpha3_by_alpha2() -> dict[str, str]:
    return {alpha2: alpha3 for alpha3, alpha2 in alpha2_by_alpha3().items()}


def _joined(values: Sequence[str]) -> str:
    for value in values:
        if "~" in value:
            raise ValueError(f"{value!r} contains '~', SAM's separator of multiple values")
    return "~".join(values) if any(values) else ""


def _v4_row(record: SamRecord) -> dict[str, str]:
    details, action, facts = record.details, record.action, record.action.sam
    sam_type = SAM_EXCLUSION_TYPES.get(record.exclusion_type)
    if sam_type is None:
        raise ValueError(f"a {record.exclusion_type} is not an exclusion SAM lists")
    individual = details.kind is PartyKind.INDIVIDUAL
    classification = "Individual" if individual else "Firm"
    if facts and CLASSIFICATIONS.get(facts.classification) is details.kind:
        classification = facts.classification  # keeps Vessel / Special Entity Designation
    row = {
        "classificationType": classification,
        "exclusionType": sam_type,
        # The domain holds one name; splitting a person's name into parts would be a guess.
        ("lastName" if individual else "entityName"): details.name,
        "createDate": action.sam_published_date.isoformat() if action.sam_published_date else "",
        "activateDate": action.effective_date.isoformat() if action.effective_date else "",
        "terminationDate": action.end_date.isoformat() if action.end_date else "",
        "recordStatus": "Active",
        "references:exclusionName": _joined(details.aliases),
        "references:type": "~".join(["Cross-Reference"] * len(details.aliases)),
    }
    if facts is not None:
        # A record that came from SAM: give back what SAM said, nothing invented.
        row["exclusionProgram"] = facts.program
        row["excludingAgencyCode"] = facts.agency_code
        row["excludingAgencyName"] = facts.agency_name
        row["terminationType"] = facts.termination_type
        row["ctCode"] = facts.ct_code
        row["additionalComments"] = facts.comments
    else:
        # CBP's own exclusion. The cause stays out: what goes public is a policy decision.
        row["exclusionProgram"] = CBP_PROGRAM
        row["excludingAgencyCode"] = CBP_AGENCY_CODE
        row["excludingAgencyName"] = CBP_AGENCY_NAME
        row["terminationType"] = "Definite" if action.end_date else "Indefinite"
    for scheme, column in IDENTIFIER_COLUMNS:
        values = [i.value for i in details.identifiers if i.scheme.upper() == scheme]
        if values:
            row[column] = values[0]
            row[MORE + column] = _joined(values[1:])
    for columns, address in zip((PRIMARY, SECONDARY), details.addresses[:2], strict=False):
        row.update(zip(columns, _address_values(address), strict=True))
    more = [_address_values(address) for address in details.addresses[2:]]
    for position, column in enumerate(MORE_ADDRESS):
        row[column] = _joined([values[position] for values in more])
    return row


def _address_values(address: Address) -> tuple[str, ...]:
    match = ZIP_PLUS4.fullmatch(address.postal_code)
    zip_code, plus4 = match.groups() if match else (address.postal_code, "")
    alpha3 = _alpha3_by_alpha2().get(address.country, "") if address.country else ""
    if address.country and not alpha3:
        raise ValueError(f"{address.country!r} is not an ISO 3166-1 alpha-2 code")
    return (address.line1, address.line2, address.city, address.region, zip_code, plus4, alpha3)
