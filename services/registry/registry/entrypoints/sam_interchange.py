"""ImportExclusions and ExportExclusions: SAM's CSV extract and JSON Lines over gRPC.

Kept apart from the other RPCs because they stream: records are imported in batches, each
batch in a worker thread, and a SAM CSV is parsed here with the adapter that reads files.
"""

import asyncio
from collections.abc import AsyncIterator, Iterator

from portcullis.registry.v1 import registry_service_pb2 as pb
from portcullis_kit.errors import InvalidArgument
from portcullis_kit.party import PartyDetails
from registry.adapters.exclusion_proto import import_record_from_proto
from registry.adapters.sam_csv import RowError, SamRecord, read_sam_csv, write_sam_v4_csv
from registry.application.imports import ImportReport
from registry.application.registry_app import RegistryApplication
from registry.domain.exclusion import ExclusionAction, ExclusionType

BATCH = 200
# (row, particulars, type, action): what RegistryApplication.import_records takes.
Item = tuple[int, PartyDetails, ExclusionType, ExclusionAction]


async def import_exclusions(
    app: RegistryApplication,
    requests: AsyncIterator[pb.ImportExclusionsRequest],
    imported_by: str,
) -> pb.ImportExclusionsResponse:
    report = ImportReport()
    batch: list[Item] = []
    csv_lines: list[str] = []

    async def flush() -> None:
        if batch:
            report.merge(await asyncio.to_thread(app.import_records, list(batch), imported_by))
            batch.clear()

    async for request in requests:
        if request.HasField("sam_csv_line"):
            csv_lines.append(request.sam_csv_line)
            continue
        if not request.HasField("record"):
            report.errors.append((request.row, "item: give a record or a sam_csv_line"))
            continue
        try:
            details, kind, action = import_record_from_proto(request.record)
        except InvalidArgument as error:
            report.errors.append((request.row, str(error)))
            continue
        batch.append((request.row, details, kind, action))
        if len(batch) >= BATCH:
            await flush()
    await flush()
    if csv_lines:
        await import_sam_csv(app, csv_lines, imported_by, report)
    return pb.ImportExclusionsResponse(
        imported=report.imported,
        exclusions_updated=report.exclusions_updated,
        parties_revised=report.parties_revised,
        unchanged=report.unchanged,
        errors=[pb.ImportError(row=row, reason=reason) for row, reason in report.errors],
    )


async def import_sam_csv(
    app: RegistryApplication, lines: list[str], imported_by: str, report: ImportReport
) -> None:
    try:
        rows = list(read_sam_csv(lines))
    except InvalidArgument as error:
        report.errors.append((1, str(error)))
        return
    records: list[Item] = []
    for row in rows:
        if isinstance(row, RowError):
            report.errors.append((row.row, row.reason))
        else:
            records.append(
                (row.row, row.record.details, row.record.exclusion_type, row.record.action)
            )
    for start in range(0, len(records), BATCH):
        chunk = records[start : start + BATCH]
        report.merge(await asyncio.to_thread(app.import_records, chunk, imported_by))


def export_lines(app: RegistryApplication) -> Iterator[str]:
    records = [
        SamRecord(details, record.exclusion_type, record.action)
        for details, record in app.exclusions_for_export()
    ]
    return write_sam_v4_csv(records)


async def export_exclusions(app: RegistryApplication) -> AsyncIterator[pb.ExportExclusionsResponse]:
    lines = await asyncio.to_thread(lambda: list(export_lines(app)))
    for line in lines:
        yield pb.ExportExclusionsResponse(line=line)
