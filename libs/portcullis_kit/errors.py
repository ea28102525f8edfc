"""The one error hierarchy. Each class names the gRPC status it becomes.

Pure Python on purpose: domain code raises these without knowing about gRPC;
`portcullis_kit.interceptors` turns the status name into a real status code.
"""


class PortcullisError(Exception):
    status = "INTERNAL"


class InvalidArgument(PortcullisError):
    """Bad input. The message always starts with the field it is about."""

    status = "INVALID_ARGUMENT"

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class NotFound(PortcullisError):
    status = "NOT_FOUND"

    def __init__(self, what: str, identifier: str) -> None:
        super().__init__(f"{what} {identifier!r} not found")


class AlreadyExists(PortcullisError):
    status = "ALREADY_EXISTS"


class Conflict(PortcullisError):
    """Someone else changed the same thing at the same moment; the caller may retry."""

    status = "ABORTED"


class FailedPrecondition(PortcullisError):
    """A rule forbids the change in the current state."""

    status = "FAILED_PRECONDITION"


class ResourceExhausted(PortcullisError):
    """A caller over its rate limit: it may retry after a pause."""

    status = "RESOURCE_EXHAUSTED"


class Unauthenticated(PortcullisError):
    """No trustworthy identity: no certificate or token, or a token that does not verify."""

    status = "UNAUTHENTICATED"


class PermissionDenied(PortcullisError):
    """The caller is known, and its roles do not allow this (or this record)."""

    status = "PERMISSION_DENIED"


class DeadlineExceeded(PortcullisError):
    """A call ran longer than the server allows any call to run."""

    status = "DEADLINE_EXCEEDED"
