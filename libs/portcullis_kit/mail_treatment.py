"""What must happen to mail from an international post, by the order's escalation
(EO 13904 §5(b)-(d)). Scoring decides a post's standing each quarter; scoring and
screening both answer "what happens to this item today?" with this one rule.

- 2 or more consecutive non-compliant quarters: targeted inspection priority (§5(b));
- 6 or more: additional information required for its shipments, by a deadline; shipments
  refused where it is not provided in time (§5(c));
- 8 or more: shipments refused whether or not the information is provided (§5(d)).
A compliant quarter ends the run.
"""

from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum


class EscalationLevel(IntEnum):
    """Named by the consecutive non-compliant quarters that reach it."""

    NONE = 0
    TARGETED_INSPECTION = 2
    ADDITIONAL_INFORMATION = 6
    REFUSAL = 8


# The measure each level calls for, as the public list and the answers name it.
MEASURES = {
    EscalationLevel.NONE: "",
    EscalationLevel.TARGETED_INSPECTION: "targeted inspection",
    EscalationLevel.ADDITIONAL_INFORMATION: "additional information",
    EscalationLevel.REFUSAL: "refusal",
}


def level_for(consecutive_non_compliant: int) -> EscalationLevel:
    for level in sorted(EscalationLevel, reverse=True):
        if consecutive_non_compliant >= level.value:
            return level
    return EscalationLevel.NONE


class Treatment(StrEnum):
    RELEASE = "release"
    INSPECT = "inspect"
    INFORMATION_REQUIRED = "information_required"
    REFUSE = "refuse"


@dataclass(frozen=True)
class Standing:
    """A post's standing as the last closed quarter left it."""

    consecutive_non_compliant: int
    # The additional-information request open for its shipments (§5(c)), if any.
    information_deadline: date | None = None
    information_provided_on: date | None = None

    @property
    def level(self) -> EscalationLevel:
        return level_for(self.consecutive_non_compliant)


def mail_treatment(standing: Standing, on: date) -> tuple[Treatment, str]:
    """The treatment of an item from the post arriving on `on`, and why."""
    run = standing.consecutive_non_compliant
    level = standing.level
    if level is EscalationLevel.REFUSAL:
        return Treatment.REFUSE, (
            f"{run} consecutive non-compliant quarters (8 or more, EO 13904 §5(d)):"
            " refused whether or not additional information is provided"
        )
    if level is EscalationLevel.ADDITIONAL_INFORMATION:
        deadline, provided = standing.information_deadline, standing.information_provided_on
        if deadline is not None and provided is not None and provided <= deadline:
            return Treatment.INSPECT, (
                f"{run} consecutive non-compliant quarters: the additional information was"
                f" provided on {provided}, by the deadline {deadline} (EO 13904 §5(c));"
                " targeted inspection priority (§5(b))"
            )
        if deadline is None or on <= deadline:
            by = f" by {deadline}" if deadline else ""
            return Treatment.INFORMATION_REQUIRED, (
                f"{run} consecutive non-compliant quarters (6 or more, EO 13904 §5(c)):"
                f" additional information required{by}"
            )
        return Treatment.REFUSE, (
            f"{run} consecutive non-compliant quarters: the additional information required"
            f" by {deadline} was not provided in time (EO 13904 §5(c))"
        )
    if level is EscalationLevel.TARGETED_INSPECTION:
        return Treatment.INSPECT, (
            f"{run} consecutive non-compliant quarters (2 or more, EO 13904 §5(b)):"
            " targeted inspection priority"
        )
    if run:
        return Treatment.RELEASE, "non-compliant in the last quarter only: no measure yet"
    return Treatment.RELEASE, "not non-compliant in the last closed quarter"
