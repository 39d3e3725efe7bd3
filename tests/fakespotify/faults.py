"""Fault injection (status, body, headers, dropped connections, delays) and the request log."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus

from .wire import (
    JSON,
    _ApiError,
    _Request,
    _Response,
)


@dataclass
class LoggedRequest:
    method: str
    path: str
    query: dict[str, str]
    json: JSON
    status: int | None  # None while unanswered, and for dropped requests
    language: str | None
    auth: str | None  # the bearer token, if one was sent
    form: dict[str, str] | None = None  # form-encoded body (token requests)


@dataclass
class _Rule:
    method: str
    pattern: re.Pattern[str]
    status: int | None
    headers: dict[str, str]
    body: JSON
    drop: str | None
    delay: float
    times: int | None  # None: for ever

    def matches(self, method: str, target: str) -> bool:
        return self.method in ("*", method) and self.pattern.search(target) is not None


QUOTA_EXCEEDED = "QUOTA_EXCEEDED"


def _default_fault_body(status: int, path: str) -> JSON:
    phrase = "API rate limit exceeded" if status == 429 else HTTPStatus(status).phrase
    if path.startswith("/api/token"):
        return {"error": "server_error", "error_description": phrase}
    return {"error": {"status": status, "message": phrase}}


def _fault_response(rule: _Rule, path: str) -> _Response:
    """The canned answer an inject() rule gives instead of the real one."""
    status = rule.status or 200
    headers = dict(rule.headers)
    spent = QUOTA_EXCEEDED in json.dumps(rule.body) if isinstance(rule.body, dict) else False
    if status == 429 and not spent and not any(k.lower() == "retry-after" for k in headers):
        headers["Retry-After"] = "1"  # Spotify tells a rate-limited client how long to wait
    body = rule.body
    if body is None and status >= 400:
        body = _default_fault_body(status, path)
    if body is None:
        return _Response(status, b"", headers)
    if isinstance(body, bytes):
        return _Response(status, body, headers)
    if isinstance(body, str):
        text_headers = {"Content-Type": "text/plain; charset=utf-8", **headers}
        return _Response(status, body.encode("utf-8"), text_headers)
    return _Response.of_json(status, body, headers)


class FaultsMixin:
    """Injected misbehaviour and the log of every request."""

    def inject(
        self,
        method: str,
        path_regex: str,
        *,
        status: int | None = None,
        headers: Mapping[str, str] | None = None,
        body: JSON = None,
        drop: str | None = None,
        delay: float = 0.0,
        times: int | None = 1,
    ) -> None:
        """Misbehave for the next ``times`` requests (None: all) whose method (or "*") and
        path+query (``re.search``) match. First matching rule wins.

        ``status``/``body``: answer that instead, without applying the request (a 429 gets
        ``Retry-After: 1`` unless ``headers`` say otherwise); ``headers`` alone are added to
        the real answer. ``drop="before"``: close the connection without applying or answering;
        ``drop="after"``: apply, then close without answering. ``delay``: sleep first."""
        if drop not in (None, "before", "after"):
            raise ValueError('drop must be None, "before" or "after"')
        rule = _Rule(
            method.upper(),
            re.compile(path_regex),
            status,
            dict(headers or {}),
            body,
            drop,
            delay,
            times,
        )
        with self._lock:
            self._rules.append(rule)

    def spend_quota(
        self, path_regex: str = r"^/v1/", retry_after: float | None = None, times: int | None = None
    ) -> None:
        """The app's quota is spent: Web API requests are answered 429 with
        ``"reason": "QUOTA_EXCEEDED"``, with ``Retry-After`` only when given (2026 behaviour)."""
        headers = {"Retry-After": f"{retry_after:g}"} if retry_after is not None else {}
        body = {
            "error": {
                "status": 429,
                "message": "Your application has exceeded its request quota",
                "reason": QUOTA_EXCEEDED,
            }
        }
        self.inject("*", path_regex, status=429, headers=headers, body=body, times=times)

    def count(self, method: str | None = None, path_prefix: str | None = None) -> int:
        with self._lock:
            return sum(
                1
                for entry in self.log
                if (method is None or entry.method == method.upper())
                and (path_prefix is None or entry.path.startswith(path_prefix))
            )

    def writes(self) -> list[LoggedRequest]:
        """Non-GET requests to the Web API (token requests excluded)."""
        with self._lock:
            return [e for e in self.log if e.method != "GET" and e.path.startswith("/v1/")]

    def reset_log(self) -> None:
        with self._lock:
            self.log.clear()

    def _take_rule(self, request: _Request) -> _Rule | None:
        with self._lock:
            for rule in self._rules:
                if rule.matches(request.method, request.target):
                    if rule.times is not None:
                        rule.times -= 1
                        if rule.times <= 0:
                            self._rules.remove(rule)
                    return rule
        return None

    def _log_request(self, request: _Request) -> LoggedRequest:
        try:
            parsed = request.json()
        except _ApiError:
            parsed = None
        is_form = "x-www-form-urlencoded" in (request.headers.get("Content-Type") or "")
        entry = LoggedRequest(
            request.method,
            request.path,
            dict(request.query),
            None if is_form else parsed,
            None,
            request.language,
            request.bearer,
            request.form() if is_form else None,
        )
        with self._lock:
            self.log.append(entry)
        return entry
