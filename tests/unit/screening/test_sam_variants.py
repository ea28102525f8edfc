"""The real SAM records: each Hongdark variant is found among the others (issue 4)."""

from bench.screening_quality import hongdark
from screening.domain.matching import Thresholds


def test_each_hongdark_record_is_found_among_the_other_sam_records() -> None:
    found, variants = hongdark(Thresholds())
    assert variants == 11
    assert found == variants
