"""Screening's domain: the parties it watches and how a query is matched against them.
Standard library and `eventsourcing.domain` only."""
