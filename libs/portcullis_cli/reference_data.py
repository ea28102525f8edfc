"""Loads the reference data Portcullis starts with: the UPU designated operators."""

import grpc

from portcullis.scoring.v1 import scoring_service_pb2 as scoring_pb
from portcullis.scoring.v1 import scoring_service_pb2_grpc as scoring_grpc
from portcullis_kit.reference import country_codes, postal_operators


def load_postal_operators(scoring_address: str) -> tuple[int, int]:
    """Registers every operator with a name and a known country; returns (registered, skipped).

    Registration is idempotent, so loading at every start adds nothing the second time.
    """
    countries = country_codes()
    registered = skipped = 0
    with grpc.insecure_channel(scoring_address) as channel:
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
