"""One server interceptor for every RPC: who is calling and whether they may, a request id,
one log line, one error mapping.

Before a servicer runs, the caller is identified (`authentication`), its roles are checked
against the RPC (`permissions`: PERMISSION_DENIED, logged, otherwise) and against its rate
limit; servicers then read it with `identity.current_caller()`.

Servicers raise `portcullis_kit.errors` exceptions; this is the only place they become
gRPC statuses. Anything else is a bug: logged with its traceback, INTERNAL to the caller.
"""

from __future__ import annotations

import asyncio
import inspect
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeAlias, cast

import grpc
import structlog

from portcullis_kit.authentication import Authenticator
from portcullis_kit.errors import (
    PermissionDenied,
    PortcullisError,
    ResourceExhausted,
    Unauthenticated,
)
from portcullis_kit.identity import set_current_caller
from portcullis_kit.limits import RateLimiter
from portcullis_kit.metrics import observe_rpc
from portcullis_kit.permissions import is_open, roles_for

log = structlog.get_logger("rpc")

REQUEST_ID_KEY = "x-request-id"


class _Call:
    """Book-keeping for one RPC: request id, timing, the status it ended with."""

    def __init__(self, method: str, context: grpc.aio.ServicerContext[Any, Any]) -> None:
        self.method = method
        self.context = context
        metadata = dict(context.invocation_metadata() or ())
        given = metadata.get(REQUEST_ID_KEY)
        self.request_id = given if isinstance(given, str) and given else uuid.uuid4().hex
        self.caller = ""  # known once admitted
        self.started = time.perf_counter()
        self.status = "OK"
        context.set_trailing_metadata(((REQUEST_ID_KEY, self.request_id),))

    def admit(self, authenticator: Authenticator, limiter: RateLimiter | None) -> None:
        """Identifies the caller and checks it may make this call, now."""
        if is_open(self.method):
            return
        try:
            caller = authenticator.caller(self.context)
        except Unauthenticated as refused:
            log.warning(
                "rpc.unauthenticated",
                method=self.method,
                peer=self.context.peer(),
                reason=str(refused),
            )
            raise
        self.caller = caller.name
        allowed = roles_for(self.method)
        if not caller.roles & allowed:
            log.warning(
                "rpc.permission_denied",
                method=self.method,
                caller=caller.name,
                roles=sorted(caller.roles),
                needs=sorted(allowed),
            )
            needs = f"one of the roles {sorted(allowed)}" if allowed else "a role nobody has"
            raise PermissionDenied(f"{caller.name} may not call {self.method}: it needs {needs}")
        if limiter is not None and not limiter.allow(caller.name):
            log.warning("rpc.rate_limited", method=self.method, caller=caller.name)
            raise ResourceExhausted(
                f"rate limit: {limiter.per_second:g} calls a second for {caller.name};"
                " retry after a pause"
            )
        set_current_caller(caller)

    async def fail(self, error: BaseException) -> None:
        if isinstance(error, PortcullisError):
            self.status = error.status
            await self.context.abort(grpc.StatusCode[error.status], str(error))
        log.exception("rpc.unhandled_error", method=self.method, request_id=self.request_id)
        self.status = "INTERNAL"
        await self.context.abort(
            grpc.StatusCode.INTERNAL, f"internal error (request id {self.request_id})"
        )

    def cancelled(self) -> None:
        remaining = self.context.time_remaining()
        expired = remaining is not None and remaining <= 0
        self.status = "DEADLINE_EXCEEDED" if expired else "CANCELLED"

    def finish(self) -> None:
        seconds = time.perf_counter() - self.started
        duration_ms = round(seconds * 1000, 3)
        code = self.context.code()
        status = (
            code.name if isinstance(code, grpc.StatusCode) and self.status == "OK" else self.status
        )
        observe_rpc(self.method, status, seconds)
        # Health probes arrive every few seconds; logging each at info would drown the rest.
        emit = log.debug if is_open(self.method) else log.info
        emit(
            "rpc",
            method=self.method,
            caller=self.caller,
            request_id=self.request_id,
            status=status,
            duration_ms=duration_ms,
        )


Handler = Callable[[Any, grpc.aio.ServicerContext[Any, Any]], Any]


# Quoted: grpc.RpcMethodHandler is generic only in its type stubs.
MethodHandler: TypeAlias = "grpc.RpcMethodHandler[Any, Any]"


class ServiceInterceptor(grpc.aio.ServerInterceptor):
    def __init__(
        self, authenticator: Authenticator | None = None, limiter: RateLimiter | None = None
    ) -> None:
        self.admission = _Admission(authenticator or Authenticator(), limiter)

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[MethodHandler | None]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> MethodHandler | None:
        handler = await continuation(handler_call_details)
        if handler is None:
            return None
        method = handler_call_details.method
        request_deserializer = handler.request_deserializer
        response_serializer = handler.response_serializer
        # On grpc.aio each behaviour is a coroutine function or an async generator function.
        if handler.unary_unary:
            return grpc.unary_unary_rpc_method_handler(
                _wrap_single_response(method, self.admission, cast(Handler, handler.unary_unary)),
                request_deserializer,
                response_serializer,
            )
        if handler.stream_unary:
            return grpc.stream_unary_rpc_method_handler(
                _wrap_single_response(method, self.admission, cast(Handler, handler.stream_unary)),
                request_deserializer,
                response_serializer,
            )
        if handler.unary_stream:
            return grpc.unary_stream_rpc_method_handler(
                _wrap_streamed_response(
                    method, self.admission, cast(Handler, handler.unary_stream)
                ),
                request_deserializer,
                response_serializer,
            )
        return grpc.stream_stream_rpc_method_handler(
            _wrap_streamed_response(method, self.admission, cast(Handler, handler.stream_stream)),
            request_deserializer,
            response_serializer,
        )


@dataclass(frozen=True)
class _Admission:
    authenticator: Authenticator
    limiter: RateLimiter | None


def _wrap_single_response(method: str, admission: _Admission, behaviour: Handler) -> Handler:
    async def run(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
        call = _Call(method, context)
        try:
            call.admit(admission.authenticator, admission.limiter)
            with structlog.contextvars.bound_contextvars(request_id=call.request_id):
                return await behaviour(request, context)
        except grpc.aio.AbortError:
            raise
        except asyncio.CancelledError:
            call.cancelled()
            raise
        except Exception as error:
            await call.fail(error)
        finally:
            call.finish()

    return run


def _wrap_streamed_response(method: str, admission: _Admission, behaviour: Handler) -> Handler:
    async def run(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> AsyncIterator[Any]:
        call = _Call(method, context)
        try:
            call.admit(admission.authenticator, admission.limiter)
            with structlog.contextvars.bound_contextvars(request_id=call.request_id):
                if inspect.isasyncgenfunction(behaviour):
                    async for response in behaviour(request, context):
                        yield response
                else:
                    # Some servicers (health's Watch) write with context.write instead.
                    await behaviour(request, context)
        except grpc.aio.AbortError:
            raise
        except asyncio.CancelledError:
            call.cancelled()
            raise
        except Exception as error:
            await call.fail(error)
        finally:
            call.finish()

    return run
