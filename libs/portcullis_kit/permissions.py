"""Who may call what: the roles each RPC requires, for every service, in one table.

One place on purpose: an auditor or an operator reads here who may change what. An RPC
that is not in the table is refused to everybody (a test checks that the table names
exactly the RPCs the protos declare). Which facilitator's records a facilitator may see
is decided by the servicers (`Caller.may_see_facilitator`), since it depends on the record.
"""

from portcullis_kit.identity import AUDITOR, FACILITATOR, OFFICER

CBP = frozenset({OFFICER})
RECORDS = frozenset({OFFICER, AUDITOR})
PARTNERS = frozenset({OFFICER, FACILITATOR})
ANYONE = frozenset({OFFICER, AUDITOR, FACILITATOR})

# Probes and schema discovery need no identity (a kubelet probe cannot present one).
OPEN_PREFIXES = ("/grpc.health.v1.Health/", "/grpc.reflection.")

PERMISSIONS: dict[str, dict[str, frozenset[str]]] = {
    "portcullis.registry.v1.RegistryService": {
        "RegisterParty": CBP,
        "UpdateParty": CBP,
        "GetParty": RECORDS,
        "LinkParties": CBP,
        "UnlinkParties": CBP,
        "Suspend": CBP,
        "ProposeDebarment": CBP,
        "Debar": CBP,
        "RecordAgreement": CBP,
        "InitiateProceedings": CBP,
        "ExtendSuspension": CBP,
        "ChangeDebarmentPeriod": CBP,
        "RecordSamPublication": CBP,
        "TerminateExclusion": CBP,
        "GetExclusion": RECORDS,
        "ListExclusions": RECORDS,
        "ImportExclusions": CBP,
        "ExportExclusions": RECORDS,
        # A broker applies for its client and checks an importer's standing.
        "ApplyForIorNumber": PARTNERS,
        "GetIorStatus": ANYONE,
        "ReferParty": CBP,
        "StartReferralReview": CBP,
        "DecideReferral": CBP,
        "GetReferral": RECORDS,
        "RegisterFacilitator": CBP,
        "RecordFacilitatorMeasure": CBP,
        "LiftFacilitatorMeasure": CBP,
        # A facilitator sees only its own (checked by the servicer).
        "GetFacilitatorStatus": ANYONE,
    },
    "portcullis.screening.v1.ScreeningService": {
        "ScreenParty": PARTNERS,
        "ScreenParties": PARTNERS,
        "ScreenShipment": PARTNERS,
        "FileNotification": PARTNERS,
        "DispositionHit": CBP,
        # A facilitator sees only its own notifications and figures (checked by the servicer).
        "GetNotification": ANYONE,
        "ListNotifications": ANYONE,
        "GetFacilitatorFigures": ANYONE,
        "GetWatchlistInfo": ANYONE,
    },
    "portcullis.scoring.v1.ScoringService": {
        "RegisterPost": CBP,
        "RecordObservations": CBP,
        "PublishMetricVersion": CBP,
        "PublishGuidance": CBP,
        "SetThreshold": CBP,
        "CloseQuarter": CBP,
        "RecordInformationProvided": CBP,
        # What a post's standing is, and how its mail is treated, is public.
        "GetPostStatus": ANYONE,
        "ListNonCompliantPosts": ANYONE,
        "ExplainScore": ANYONE,
        "GetMailItemTreatment": ANYONE,
    },
    "portcullis.publication.v1.PublicationService": {
        "RecordSeizure": CBP,
        "GetSeizure": RECORDS,
        "GetWitnessedCheckpoint": ANYONE,
        "LiftSensitivity": CBP,
        "DraftReport": CBP,
        "CorrectReport": CBP,
        "ReviewReport": CBP,
        "PublishReport": CBP,
        # Drafts are not public: published reports are, on the web pages.
        "GetReport": RECORDS,
        "ListReportVersions": RECORDS,
        "MakeFeeReport": CBP,
        "ListExcludedPersons": ANYONE,
        "ListPublicNonCompliantPosts": ANYONE,
        "GetGuidance": ANYONE,
    },
    "portcullis.audit.v1.AuditService": {
        "StreamEvents": RECORDS,
        "GetHistory": RECORDS,
        "GetStateAsOf": RECORDS,
        "GetCheckpoint": RECORDS,
        "GetInclusionProof": RECORDS,
        "GetConsistencyProof": RECORDS,
    },
}


def is_open(method: str) -> bool:
    return method.startswith(OPEN_PREFIXES)


def roles_for(method: str) -> frozenset[str]:
    """The roles that may call a full method name ("/package.Service/Method"); none if the
    method is not in the table."""
    service, _, name = method.lstrip("/").partition("/")
    return PERMISSIONS.get(service, {}).get(name, frozenset())
