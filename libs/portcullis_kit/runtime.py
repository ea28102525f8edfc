"""Runs one service: gRPC server, outbox relay, consumers; graceful shutdown on SIGTERM.

The order matters and is the same for every service:
1. open the store, start gRPC (health NOT_SERVING);
2. connect to NATS, start the relay and the consumers (NATS being down delays
   publishing but never refuses a command: the store is the record);
3. run the service's own preparation (e.g. screening rebuilds its watchlist), then SERVING;
4. on SIGTERM or SIGINT: NOT_SERVING, go on serving for `shutdown_drain_seconds` while
   load balancers and clients move away, then refuse new calls and let in-flight calls
   finish (`shutdown_grace_seconds`), stop the background tasks, close NATS and the store.
"""

import asyncio
import base64
import gc
import signal
import ssl
import sys
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import nats
import structlog
import uvloop
from nats.aio.client import Client as NatsClient
from opentelemetry.trace import Tracer

from portcullis_kit.audit import audit_servicer, publish_checkpoints
from portcullis_kit.audit_log import CheckpointSigner
from portcullis_kit.checkpoints import Checkpointer
from portcullis_kit.consumer import IntegrationEventConsumer, Subscription
from portcullis_kit.eventstore import StoreApplication
from portcullis_kit.grpc_server import GrpcServer, Servicer
from portcullis_kit.limits import RateLimiter
from portcullis_kit.logs import configure_logging
from portcullis_kit.metrics import serve_metrics
from portcullis_kit.nats_auth import inbox_prefix
from portcullis_kit.relay import OutboxRelay, Translate
from portcullis_kit.security import Security
from portcullis_kit.settings import S, ServiceSettings, SettingsError, load_settings
from portcullis_kit.tracing import NO_TRACER, exporter_names, tracer_of, tracer_provider

log = structlog.get_logger("service")


@dataclass
class Service:
    """Everything `bootstrap(settings)` wires for one service."""

    name: str
    settings: ServiceSettings
    app: StoreApplication
    servicers: Sequence[Servicer]
    translate: Translate
    subscriptions: Sequence[Subscription] = ()
    # Work done before the service reports SERVING, in a thread (e.g. rebuilding a read model).
    prepare: Callable[[], None] = field(default=lambda: None)
    # Work the date calls for (an exclusion's period ending), run at start and then every
    # `calendar_interval_seconds`, in a thread.
    calendar: Callable[[], object] | None = None
    # Read models that follow the store's log (screening's watchlist): run every
    # `store_poll_seconds` too, so that replicas sharing a store see each other's writes.
    follow_store: Callable[[], None] | None = None
    # Other servers the service runs beside gRPC while it serves (publication's web pages).
    servers: Sequence[Callable[[], Coroutine[Any, Any, None]]] = ()


def redacted(url: str) -> str:
    """The URL without its password, for the logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


async def connect_nats(url: str, name: str, tls_ca_file: Path | None = None) -> NatsClient:
    """Connects, retrying until NATS answers; once connected the client reconnects by itself.

    With `tls_ca_file`, over TLS from the first byte (NATS's `handshake_first`), NATS's
    certificate verified against that CA and its name against the URL's host: nothing,
    the password least of all, is sent before the server has proved who it is. (Without
    handshake_first the client would send its password in clear to a server that did
    not ask for TLS.)

    The user and password, if NATS asks for them, are in the URL (`nats://user:pass@host`).
    Replies come to the inbox `_INBOX.<name>`: with NATS permissions (`nats_auth`) a
    service may read only its own inbox."""
    shown = redacted(url)

    async def disconnected() -> None:
        log.warning("nats.disconnected", url=shown)

    async def reconnected() -> None:
        log.info("nats.reconnected", url=shown)

    async def error(e: Exception) -> None:
        log.warning("nats.error", error=repr(e))

    tls = ssl.create_default_context(cafile=str(tls_ca_file)) if tls_ca_file else None
    backoff = 0.1
    while True:
        try:
            return await nats.connect(
                url,
                name=name,
                tls=tls,
                tls_handshake_first=tls is not None,
                inbox_prefix=inbox_prefix(name),
                connect_timeout=2,
                reconnect_time_wait=0.5,
                max_reconnect_attempts=-1,
                disconnected_cb=disconnected,
                reconnected_cb=reconnected,
                error_cb=error,
            )
        except Exception as failure:
            log.warning("nats.unreachable", url=shown, error=repr(failure), retry_in=backoff)
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 5.0)


async def run_messaging(
    service: Service, relay: OutboxRelay, checkpointer: Checkpointer, tracer: Tracer
) -> None:
    """The relay, the checkpoints' publisher and the consumers, while the service runs."""
    settings = service.settings
    client = await connect_nats(settings.nats_url, service.name, settings.nats_tls_ca_file)
    try:
        js = client.jetstream()
        interval = service.settings.checkpoint_interval_seconds
        async with asyncio.TaskGroup() as group:
            group.create_task(relay.run(js), name=f"{service.name}-relay")
            group.create_task(publish_checkpoints(js, checkpointer, interval), name="checkpoints")
            for subscription in service.subscriptions:
                consumer = IntegrationEventConsumer(subscription, service.app, tracer)
                group.create_task(consumer.run(js), name=subscription.durable)
    finally:
        await client.close()


async def run_calendar(calendar: Callable[[], object], interval: float) -> None:
    while True:
        try:
            changed = await asyncio.to_thread(calendar)
            log.info("calendar.ran", changed=changed)
        except Exception:
            log.exception("calendar.failed")
        await asyncio.sleep(interval)


async def follow_store(follow: Callable[[], None], interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            await asyncio.to_thread(follow)
        except Exception:
            log.exception("store.follow_failed")


async def run_checkpoints(checkpointer: Checkpointer, interval: float) -> None:
    """Signs a checkpoint every `interval` while events arrive (the first run also
    hashes the whole log and checks it against the checkpoints signed before)."""
    while True:
        try:
            checkpoint = await asyncio.to_thread(checkpointer.make_checkpoint)
            if checkpoint is not None:
                log.debug("audit.checkpoint", size=checkpoint.size, origin=checkpoint.origin)
        except Exception:
            log.exception("audit.checkpoint_failed")
        await asyncio.sleep(interval)


def checkpoint_signer(service: str, settings: ServiceSettings) -> CheckpointSigner:
    if settings.signing_key_file is not None:
        return CheckpointSigner.from_file(settings.signing_key_file)
    if settings.persistence == "memory":
        return CheckpointSigner.generate()
    path = settings.data_dir / "keys" / f"{service}-checkpoint.key"
    return CheckpointSigner.from_file(path, create=True)


async def run_service(
    service: Service, stop: asyncio.Event | None = None, tracer: Tracer = NO_TRACER
) -> None:
    settings = service.settings
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)

    signer = checkpoint_signer(service.name, settings)
    checkpointer = Checkpointer(service.name, service.app, signer)
    log.info(
        "audit.signing_key",
        service=service.name,
        key_id=signer.key_id,
        public_key=base64.b64encode(signer.public_key).decode(),
    )
    limiter = None
    if settings.rate_limit_per_second:
        limiter = RateLimiter(settings.rate_limit_per_second, settings.rate_limit_burst)
    security = Security.from_settings(settings)
    servicers = [*service.servicers, audit_servicer(service.app, checkpointer)]
    server = GrpcServer(servicers, limiter, security, tracer, settings.max_call_seconds)
    if settings.metrics_port:
        serve_metrics(settings.metrics_host, settings.metrics_port)
        log.info(
            "metrics.listening",
            address=f"http://{settings.metrics_host}:{settings.metrics_port}/metrics",
        )
    port = await server.start(settings.grpc_host, settings.grpc_port)
    log.info(
        "service.listening",
        service=service.name,
        address=f"{settings.grpc_host}:{port}",
        tls=security.credentials is not None,
        mutual_tls=settings.tls_client_ca_file is not None,
        tokens=settings.token_public_keys_file is not None,
    )
    if settings.health_port:
        health_port = await server.start_health(settings.grpc_host, settings.health_port)
        log.info("service.health_listening", address=f"{settings.grpc_host}:{health_port}")

    await asyncio.to_thread(service.prepare)
    # What the service loaded at start (screening's watchlist: millions of objects for a
    # million parties) lives as long as the process. Left to the collector, each full
    # collection would walk all of it, pausing every call for seconds; frozen, it is
    # never walked again. (Not collected first: that alone would hold the event loop,
    # and the health port on it, for seconds; what little garbage there is stays.)
    gc.freeze()
    relay = OutboxRelay(
        service.name, service.app, service.translate, settings.relay_poll_seconds, tracer
    )
    service.app.listeners.append(relay.poke)
    messaging = asyncio.create_task(
        run_messaging(service, relay, checkpointer, tracer), name="messaging"
    )
    checkpoints = asyncio.create_task(
        run_checkpoints(checkpointer, settings.checkpoint_interval_seconds), name="audit"
    )
    background = [messaging, checkpoints]
    background += [asyncio.create_task(serve()) for serve in service.servers]
    if service.follow_store is not None:
        poll = settings.store_poll_seconds
        background.append(asyncio.create_task(follow_store(service.follow_store, poll)))
    if service.calendar is not None:
        interval = settings.calendar_interval_seconds
        background.append(asyncio.create_task(run_calendar(service.calendar, interval)))
    await server.mark_serving()
    log.info("service.serving", service=service.name)

    await stop.wait()
    log.info(
        "service.stopping",
        service=service.name,
        drain_seconds=settings.shutdown_drain_seconds,
        grace_seconds=settings.shutdown_grace_seconds,
    )
    await server.stop(settings.shutdown_grace_seconds, settings.shutdown_drain_seconds)
    for task in background:
        task.cancel()
    await asyncio.gather(*background, return_exceptions=True)
    # Commands already handed to worker threads finish before the store closes.
    await loop.shutdown_default_executor()
    service.app.close()
    log.info("service.stopped", service=service.name)


def main(settings_class: type[S], bootstrap: Callable[[S], Service]) -> None:
    """Entry point of `python -m <service>`: settings, logging, tracing, then serve until
    signalled."""
    try:
        settings = load_settings(settings_class)
        exporters = exporter_names()
    except SettingsError as error:
        print(f"invalid settings: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    configure_logging(settings.log_format, settings.log_level)
    service = bootstrap(settings)
    provider = tracer_provider(service.name, exporters)
    log.info("tracing.exporters", service=service.name, exporters=exporters or ["none"])
    try:
        uvloop.run(run_service(service, tracer=tracer_of(provider)))
    finally:
        if provider is not None:
            # Spans still waiting in a batch are exported before the process ends.
            provider.shutdown()
