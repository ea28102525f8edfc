"""What every Portcullis service shares: settings, logging, the gRPC server kit,
the event store wiring, and the NATS relay and consumer."""
