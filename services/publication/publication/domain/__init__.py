"""Publication's domain: seizures, reports and the fee report (EO 13904 §5(e), §6, §7).
Standard library and `eventsourcing.domain` only."""
