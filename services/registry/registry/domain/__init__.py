"""The registry's domain: parties and their exclusions. Standard library and
`eventsourcing.domain` only; rules raise `portcullis_kit.errors` exceptions."""
