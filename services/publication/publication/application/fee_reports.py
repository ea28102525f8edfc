"""The report on the sufficiency of fees (EO 13904 §7), made from volumes and a cost
model given as input and recorded as made."""

import dataclasses
import json
from collections.abc import Sequence

from portcullis_kit.errors import InvalidArgument
from portcullis_kit.eventstore import StoreApplication
from portcullis_kit.reference import cobra_fees
from publication.domain.fees import (
    ChannelInput,
    ChannelResult,
    FeeReport,
    assess,
    check_input,
    fee_rates_cents,
)


class FeeReportUseCases(StoreApplication):
    def make_fee_report(
        self, fiscal_year: str, channels: Sequence[ChannelInput], made_by: str
    ) -> tuple[FeeReport, list[ChannelResult]]:
        if not channels:
            raise InvalidArgument("channels", "give at least one channel's volumes and costs")
        seen = set()
        for i, item in enumerate(channels):
            check_input(item, i)
            if item.channel in seen:
                raise InvalidArgument(f"channels[{i}].channel", f"{item.channel} given twice")
            seen.add(item.channel)
        rates = fee_rates_cents(cobra_fees())
        results = [assess(item, rates) for item in channels]
        content = json.dumps(
            {
                "fiscal_year": fiscal_year,
                "rates_cents": rates,
                "inputs": [dataclasses.asdict(item) for item in channels],
                "results": [dataclasses.asdict(result) for result in results],
            },
            sort_keys=True,
        )
        report = FeeReport(fiscal_year, content, made_by)
        self.save(report)
        return report, results
