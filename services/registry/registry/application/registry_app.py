"""The registry application: every use case, over one event store.

Methods take and return identifiers and plain values; aggregates stay inside. The use
cases live by subject in this package (parties, exclusions, ior, imports, facilitators,
referrals, screening findings); this class is where they meet.
"""

from registry.application.facilitators import FacilitatorUseCases
from registry.application.imports import ImportUseCases
from registry.application.referrals import ReferralUseCases
from registry.application.screening_findings import ScreeningFindingUseCases


class RegistryApplication(
    ImportUseCases, ReferralUseCases, FacilitatorUseCases, ScreeningFindingUseCases
):
    pass
