"""The gRPC server every service runs: grpc.aio with health, reflection and our interceptor,
in plaintext or TLS (see `security`), and optionally a plaintext port with health only."""

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from opentelemetry.trace import Tracer

from portcullis_kit.eventstore import StoreApplication
from portcullis_kit.interceptors import ServiceInterceptor
from portcullis_kit.limits import RateLimiter
from portcullis_kit.security import Security
from portcullis_kit.tracing import NO_TRACER

# Partners send batches; 16 MiB is generous for one message and still bounded.
MAX_MESSAGE_BYTES = 16 * 1024 * 1024


P = ParamSpec("P")
T = TypeVar("T")


class StoreServicer:
    """Base of the servicers: calls into the application, where the store is
    (on the event loop or in a thread, as `StoreApplication.call` decides)."""

    def __init__(self, app: StoreApplication) -> None:
        self.app_store = app

    async def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        return await self.app_store.call(fn, *args, **kwargs)


@dataclass(frozen=True)
class Servicer:
    """One gRPC service to serve: its full name, its implementation, and the generated adder."""

    name: str
    implementation: Any
    add_to_server: Callable[[Any, grpc.aio.Server], None]


def host_port(host: str, port: int) -> str:
    """ "::1", 50051 -> "[::1]:50051"; an IPv6 address needs its brackets."""
    if ":" in host and not host.startswith("["):
        return f"[{host}]:{port}"
    return f"{host}:{port}"


class GrpcServer:
    """Starts NOT_SERVING; `mark_serving` once the service is ready for traffic."""

    def __init__(
        self,
        servicers: Sequence[Servicer],
        limiter: RateLimiter | None = None,
        security: Security | None = None,
        tracer: Tracer = NO_TRACER,
        max_call_seconds: float | None = None,
    ) -> None:
        self.servicers = list(servicers)
        self.security = security or Security()
        self.health = health.aio.HealthServicer()
        self.health_server: grpc.aio.Server | None = None
        self.server = grpc.aio.server(
            interceptors=[
                ServiceInterceptor(self.security.authenticator, limiter, tracer, max_call_seconds)
            ],
            options=[
                ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
                ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
                ("grpc.so_reuseport", 0),
            ],
        )
        for servicer in self.servicers:
            servicer.add_to_server(servicer.implementation, self.server)
        health_pb2_grpc.add_HealthServicer_to_server(self.health, self.server)
        names = [s.name for s in self.servicers]
        reflection.enable_server_reflection(
            [
                *names,
                health_pb2.DESCRIPTOR.services_by_name["Health"].full_name,
                reflection.SERVICE_NAME,
            ],
            self.server,
        )
        self.port = 0

    async def start(self, host: str, port: int) -> int:
        address = host_port(host, port)
        credentials = self.security.credentials
        if credentials is None:
            self.port = self.server.add_insecure_port(address)
        else:
            self.port = self.server.add_secure_port(address, credentials)
        if self.port == 0:
            raise OSError(f"cannot listen on {host}:{port}")
        await self._set_all(health_pb2.HealthCheckResponse.NOT_SERVING)
        await self.server.start()
        return self.port

    async def start_health(self, host: str, port: int) -> int:
        """Health alone, in plaintext, for probes that cannot present a certificate; the
        same statuses as the main port."""
        # Not shared with another process (as for the main port): it would answer for us.
        self.health_server = grpc.aio.server(options=[("grpc.so_reuseport", 0)])
        health_pb2_grpc.add_HealthServicer_to_server(self.health, self.health_server)
        bound = self.health_server.add_insecure_port(host_port(host, port))
        if bound == 0:
            raise OSError(f"cannot listen on {host}:{port}")
        await self.health_server.start()
        return bound

    async def mark_serving(self) -> None:
        await self._set_all(health_pb2.HealthCheckResponse.SERVING)

    async def drain(self) -> None:
        """Reports NOT_SERVING for good, and goes on serving: load balancers and clients
        that watch health (or the readiness probe) send their calls elsewhere."""
        await self.health.enter_graceful_shutdown()

    async def stop(self, grace_seconds: float, drain_seconds: float = 0.0) -> None:
        """Drains for `drain_seconds` (still serving the calls that come meanwhile), then
        refuses new calls and lets in-flight calls finish for up to `grace_seconds`."""
        await self.drain()
        if drain_seconds > 0:
            await asyncio.sleep(drain_seconds)
        await self.server.stop(grace_seconds)
        if self.health_server is not None:
            await self.health_server.stop(0)

    async def _set_all(self, status: "health_pb2.HealthCheckResponse.ServingStatus") -> None:
        await self.health.set("", status)
        for servicer in self.servicers:
            await self.health.set(servicer.name, status)
