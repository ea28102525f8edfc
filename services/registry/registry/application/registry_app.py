"""The registry application: every use case, over one event store.

Methods take and return identifiers and plain values; aggregates stay inside. The use
cases live by subject in this package (parties, exclusions, ior, imports, facilitators,
referrals); this class is where they meet.
"""

from registry.application.facilitators import FacilitatorUseCases
from registry.application.imports import ImportUseCases
from registry.application.referrals import ReferralUseCases


class RegistryApplication(ImportUseCases, ReferralUseCases, FacilitatorUseCases):
    pass
