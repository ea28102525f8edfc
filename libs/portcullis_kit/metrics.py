"""Prometheus metrics, the same on every service, served on `<SERVICE>_METRICS_PORT`.

Per RPC the RED metrics, named as grpc-ecosystem's go-grpc-prometheus names them so
existing dashboards work: requests handled by service, method and status code, and their
duration. Beside them, what an operator watches per service: the audit log's size and
its last checkpoint, and (screening) the watchlist's size.
"""

from prometheus_client import Counter, Gauge, Histogram, start_http_server

HANDLED = Counter(
    "grpc_server_handled_total",
    "RPCs completed on the server, by service, method and status code.",
    ["grpc_service", "grpc_method", "grpc_code"],
)
HANDLING_SECONDS = Histogram(
    "grpc_server_handling_seconds",
    "Time to handle an RPC on the server, by service and method.",
    ["grpc_service", "grpc_method"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
AUDIT_TREE_SIZE = Gauge(
    "portcullis_audit_tree_size", "Events in the service's audit log's Merkle tree."
)
AUDIT_CHECKPOINT_SIZE = Gauge(
    "portcullis_audit_checkpoint_size", "Tree size of the service's latest signed checkpoint."
)
WATCHLIST_PARTIES = Gauge(
    "portcullis_watchlist_parties", "Parties in screening's in-memory watchlist."
)
WATCHLIST_POSITION = Gauge(
    "portcullis_watchlist_position",
    "Position in screening's log the watchlist is current to (its version, less the date).",
)
RELAY_LAG = Gauge(
    "portcullis_relay_lag_events",
    "Events stored but not yet published on NATS by the service's outbox relay.",
)
CONSUMER_LAG = Gauge(
    "portcullis_consumer_lag_messages",
    "Messages of an upstream's stream waiting for this service's durable consumer.",
    ["upstream", "durable"],
)
STORE_WRITE_SECONDS = Histogram(
    "portcullis_store_write_seconds",
    "Time to store a change (its events, and a tracking record for a consumed message).",
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)


def observe_rpc(method: str, code: str, seconds: float) -> None:
    """`method` as gRPC writes it: "/portcullis.registry.v1.RegistryService/RegisterParty"."""
    service, _, name = method.lstrip("/").partition("/")
    HANDLED.labels(service, name, code).inc()
    HANDLING_SECONDS.labels(service, name).observe(seconds)


def serve_metrics(host: str, port: int) -> None:
    """Serves /metrics over HTTP from a thread of its own."""
    start_http_server(port, addr=host)
