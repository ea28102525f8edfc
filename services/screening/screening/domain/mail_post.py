"""An international post as scoring last said it stands (EO 13904 §5): mail it accepted is
treated by that standing (`portcullis_kit.mail_treatment`), whatever the parties to it."""

from uuid import UUID

from eventsourcing.domain import Aggregate, event

from portcullis_kit.mail_treatment import Standing


class MailPost(Aggregate):
    """Identified by scoring's post id."""

    class Recorded(Aggregate.Created):
        post_id: UUID
        upu_code: str
        country: str
        name: str

    class StandingChanged(Aggregate.Event):
        quarter: str
        standing: Standing
        listed: bool

    @staticmethod
    def create_id(post_id: UUID, upu_code: str, country: str, name: str) -> UUID:
        return post_id

    @event(Recorded)
    def __init__(self, post_id: UUID, upu_code: str, country: str, name: str) -> None:
        self.upu_code = upu_code
        self.country = country
        self.name = name
        self.quarter = ""
        self.standing = Standing(0)
        self.listed = False

    def change_standing(self, quarter: str, standing: Standing, listed: bool) -> bool:
        if (quarter, standing, listed) == (self.quarter, self.standing, self.listed):
            return False
        self._standing_changed(quarter, standing, listed)
        return True

    @event(StandingChanged)
    def _standing_changed(self, quarter: str, standing: Standing, listed: bool) -> None:
        self.quarter = quarter
        self.standing = standing
        self.listed = listed
