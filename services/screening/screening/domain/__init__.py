"""Screening's domain: the parties it watches and how a query is matched against them.
Nothing of gRPC, NATS or storage: the standard library, `eventsourcing.domain` and
libraries computing on text and bytes in memory (tests/unit/kit/test_layering.py)."""
