"""Scoring's domain: international posts and their compliance (EO 13904 §4, §5).
Standard library and `eventsourcing.domain` only."""
