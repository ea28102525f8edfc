"""Loads the reference data Portcullis starts with: the UPU designated operators, and the
63 real exclusion records of SAM's public sample extract (so screening has a watchlist)."""

from portcullis.registry.v1 import registry_service_pb2 as registry_pb
from portcullis.registry.v1 import registry_service_pb2_grpc as registry_grpc
from portcullis.scoring.v1 import scoring_service_pb2 as scoring_pb
from portcullis.scoring.v1 import scoring_service_pb2_grpc as scoring_grpc
from portcullis_cli.connect import open_channel
from portcullis_kit.reference import REFERENCE_DIR, country_codes, postal_operators


def load_postal_operators(scoring_address: str) -> tuple[int, int]:
    """Registers every operator with a name and a known country; returns (registered, skipped).

    Registration is idempotent, so loading at every start adds nothing the second time.
    """
    countries = country_codes()
    registered = skipped = 0
    with open_channel(scoring_address) as channel:
        stub = scoring_grpc.ScoringServiceStub(channel)
        for operator in postal_operators():
            if operator["inferred_iso2"] not in countries or not operator["short_name"].strip():
                skipped += 1
                continue
            stub.RegisterPost(
                scoring_pb.RegisterPostRequest(
                    upu_code=operator["operator_code"],
                    country=operator["inferred_iso2"],
                    name=operator["short_name"],
                ),
                timeout=10,
            )
            registered += 1
    return registered, skipped


def load_sam_sample(registry_address: str) -> int:
    """Imports SAM's sample extract (idempotent); returns how many exclusions it holds."""
    path = REFERENCE_DIR / "sam_exclusions_api_sample_v2layout.csv"
    with path.open(newline="", encoding="utf-8") as f:
        lines = [registry_pb.ImportExclusionsRequest(sam_csv_line=line) for line in f]
    with open_channel(registry_address) as channel:
        response = registry_grpc.RegistryServiceStub(channel).ImportExclusions(
            iter(lines), timeout=60
        )
    return int(response.imported + response.parties_revised + response.unchanged)
