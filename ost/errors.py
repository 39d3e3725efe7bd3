"""Domain errors. The core raises these; the CLI turns each into one line and a non-zero exit."""


class OstError(Exception):
    """An expected failure a user can cause or fix (bad file, no network, missing credentials)."""

    exit_code = 1


class InputError(OstError):
    """A user-supplied file or value is malformed. The message names the file and line."""


class InputErrors(InputError):
    """Several problems of one input record (or of a file's header), each a line of its own that
    names the file and line: all are said at once, not one per attempt."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


class NotFound(OstError):
    """A track, playlist or definition named by the user does not exist."""


class ServiceError(OstError):
    """Spotify (or whatever stands in for it) failed in a way retries did not cure."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class ConnectionLost(ServiceError):
    """The connection failed after a request that is not safe to repeat was sent: it may or may
    not have been applied. The caller reads the state back before going on."""


def _human(seconds: float) -> str:
    if seconds >= 3600:
        return f" (about {seconds / 3600:.3g} h)"
    if seconds >= 120:
        return f" (about {seconds / 60:.0f} min)"
    return ""


class RateLimited(ServiceError):
    """The service asked us to wait longer than the user allows (`--max-wait`)."""

    def __init__(self, retry_after: float, max_wait: float, service: str = "Spotify"):
        self.retry_after = retry_after
        self.max_wait = max_wait
        ServiceError.__init__(
            self,
            f"{service} asked us to wait {retry_after:g} s{_human(retry_after)} before the next request, more than "
            f"--max-wait {max_wait:g} s allows. Nothing already done is lost; run again later "
            f"(or raise --max-wait / OST_MAX_WAIT).",
            429,
        )


class QuotaExceeded(ServiceError):
    """Spotify says the app's request quota is spent (429, reason QUOTA_EXCEEDED)."""

    def __init__(self, what: str, retry_after: float | None):
        self.retry_after = retry_after
        when = (
            f"Spotify says to try again in {retry_after:g} s{_human(retry_after)}"
            if retry_after is not None
            else "Spotify did not say when it renews; try again later (quotas are often daily)"
        )
        ServiceError.__init__(
            self,
            f"Spotify refused {what}: this app's request quota is spent (it is shared by all of "
            f"the developer's apps). {when}. What was done before is kept.",
            429,
        )


class AuthError(OstError):
    """Missing or unusable credentials."""


class UsageError(OstError):
    """A value given on the command line or in the environment is not usable."""

    exit_code = 2


def from_environment(variable: str) -> str:
    """How an error names a value that came from an environment variable rather than from an
    option the user typed: ``OST_NAMES (from the environment)``."""
    return f"{variable} (from the environment)"


def bad_environment(variable: str, problem: str) -> UsageError:
    """A variable's unusable value, worded as click words a bad option's (exit 2)."""
    return UsageError(f"Invalid value for {from_environment(variable)}: {problem}")
