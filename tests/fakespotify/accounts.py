"""The fake's accounts: Client Credentials and Authorization Code (+PKCE) grants, tokens, the user."""

from __future__ import annotations

import base64
import binascii
import secrets
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from .wire import (
    PLAYLIST_SCOPES,
    TOKEN_LIFETIME,
    _ApiError,
    _Code,
    _Grant,
    _is_secure_redirect,
    _OAuthError,
    _Request,
    _Response,
    _Token,
    pkce_challenge,
)


class AccountsMixin:
    """The accounts service (``/authorize``, ``/api/token``), tokens, and ``/v1/me``."""

    def expire_tokens(self) -> None:
        """Every access token issued so far now answers 401 "The access token expired"."""
        with self._lock:
            for token in self._tokens.values():
                token.expired = True

    def issue_token(self, *, scope: str = PLAYLIST_SCOPES, user: bool = True) -> str:
        """An access token without the OAuth dance, for tests that use ``Spotify(auth=...)``."""
        grant = _Grant(self.client_id, self.user_id if user else None, scope if user else "")
        with self._lock:
            return self._issue_access_token(grant)

    def stored_login(self, *, scope: str = PLAYLIST_SCOPES) -> dict[str, Any]:
        """What a login leaves in ost's token file (spotipy's cache format plus ``client_id``),
        with a live access token; its refresh token is not one the fake would honour."""
        return {
            "access_token": self.issue_token(scope=scope),
            "token_type": "Bearer",
            "expires_in": 3600,
            "scope": scope,
            "expires_at": int(time.time()) + 3600,
            "refresh_token": "unused",
            "client_id": self.client_id,
        }

    def _issue_access_token(self, grant: _Grant) -> str:
        token = "fakeat" + secrets.token_urlsafe(24)
        self._tokens[token] = _Token(grant, time.time())
        return token

    def user_authorize(self, url: str, *, agree: bool = True) -> str:
        """Simulate the user clicking "Agree" (or "Cancel", ``agree=False``) on an /authorize
        URL: returns the redirect URL carrying ``code`` (or ``error``) and ``state``.
        Raises ValueError where Spotify would show an error page instead of redirecting."""
        query = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
        try:
            with self._lock:
                return self._authorize(query, agree=agree)
        except _ApiError as error:
            raise ValueError(error.message) from None

    # -- accounts service ------------------------------------------------------------------

    def _authenticate(self, request: _Request) -> _Grant:
        token_text = request.bearer
        if token_text is None:
            raise _ApiError(401, "No token provided")
        token = self._tokens.get(token_text)
        if token is None:
            raise _ApiError(401, "Invalid access token")
        if token.expired or time.time() - token.issued > TOKEN_LIFETIME:
            raise _ApiError(401, "The access token expired")
        return token.grant

    def _authorize_endpoint(self, request: _Request) -> _Response:
        if request.method != "GET":
            raise _ApiError(405, "Method not allowed")
        location = self._authorize(request.query, agree=True)
        return _Response(302, b"", {"Location": location})

    def _authorize(self, query: Mapping[str, str], *, agree: bool) -> str:
        if query.get("client_id") != self.client_id:
            raise _ApiError(400, "INVALID_CLIENT: Invalid client")
        redirect_uri = query.get("redirect_uri", "")
        if not redirect_uri:
            raise _ApiError(400, "INVALID_CLIENT: Invalid redirect URI")
        if not _is_secure_redirect(redirect_uri):
            raise _ApiError(400, "INVALID_CLIENT: Insecure redirect URI")
        if query.get("response_type") != "code":
            raise _ApiError(400, "unsupported_response_type")
        challenge = query.get("code_challenge") or None
        if challenge is not None and query.get("code_challenge_method") != "S256":
            raise _ApiError(400, "INVALID_REQUEST: code_challenge_method must be S256")
        if agree:
            code = secrets.token_urlsafe(24)
            scope = " ".join(query.get("scope", "").split())
            self._codes[code] = _Code(self.client_id, redirect_uri, scope, challenge)
            params = {"code": code}
        else:
            params = {"error": "access_denied"}
        if "state" in query:
            params["state"] = query["state"]
        separator = "&" if urlsplit(redirect_uri).query else "?"
        return redirect_uri + separator + urlencode(params)

    def _client_credentials(
        self, request: _Request, form: Mapping[str, str]
    ) -> tuple[str, str | None]:
        """(client_id, client_secret or None) from HTTP Basic or the form body; checked."""
        scheme, _, encoded = (request.headers.get("Authorization") or "").partition(" ")
        secret: str | None
        if scheme.lower() == "basic":
            try:
                decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                raise _OAuthError("invalid_client", "Invalid client") from None
            client_id, _, secret = decoded.partition(":")
        else:
            client_id, secret = form.get("client_id", ""), form.get("client_secret")
        if client_id != self.client_id:
            raise _OAuthError("invalid_client", "Invalid client")
        if secret is not None and secret != self.client_secret:
            raise _OAuthError("invalid_client", "Invalid client secret")
        return client_id, secret

    def _token_endpoint(self, request: _Request) -> _Response:
        form = request.form()
        client_id, secret = self._client_credentials(request, form)
        grant_type = form.get("grant_type")
        if grant_type == "client_credentials":
            if secret is None:
                raise _OAuthError("invalid_client", "Invalid client secret")
            return self._token_response(_Grant(client_id, None, ""), refresh=False)
        if grant_type == "authorization_code":
            return self._exchange_code(form, client_id, secret)
        if grant_type == "refresh_token":
            return self._refresh(form, client_id, secret)
        raise _OAuthError("unsupported_grant_type", f"grant_type {grant_type!r} is not supported")

    def _exchange_code(self, form: Mapping[str, str], client_id: str, secret: str | None):
        code = self._codes.pop(form.get("code", ""), None)  # single use, even when it fails
        if code is None or code.client_id != client_id:
            raise _OAuthError("invalid_grant", "Invalid authorization code")
        if form.get("redirect_uri") != code.redirect_uri:
            raise _OAuthError("invalid_grant", "Invalid redirect URI")
        if code.challenge is not None:
            verifier = form.get("code_verifier", "")
            if not verifier or pkce_challenge(verifier) != code.challenge:
                raise _OAuthError("invalid_grant", "code_verifier was incorrect")
        elif secret is None:
            raise _OAuthError("invalid_client", "Invalid client secret")
        grant = _Grant(client_id, self.user_id, code.scope, pkce=code.challenge is not None)
        return self._token_response(grant, refresh=True)

    def _refresh(self, form: Mapping[str, str], client_id: str, secret: str | None):
        grant = self._refresh_tokens.get(form.get("refresh_token", ""))
        if grant is None or grant.client_id != client_id:
            raise _OAuthError("invalid_grant", "Invalid refresh token")
        if secret is None and not grant.pkce:
            raise _OAuthError("invalid_client", "Invalid client secret")
        # Spotify may leave the refresh token out; the old one stays valid (clients keep it).
        return self._token_response(grant, refresh=False)

    def _token_response(self, grant: _Grant, *, refresh: bool) -> _Response:
        body: dict[str, Any] = {
            "access_token": self._issue_access_token(grant),
            "token_type": "Bearer",
            "expires_in": TOKEN_LIFETIME,
            "scope": grant.scope,
        }
        if refresh:
            refresh_token = "fakert" + secrets.token_urlsafe(24)
            self._refresh_tokens[refresh_token] = grant
            body["refresh_token"] = refresh_token
        return _Response.of_json(200, body)

    def _user_object(self, user_id: str) -> dict[str, Any]:
        return {
            "display_name": self.display_name if user_id == self.user_id else user_id,
            "external_urls": {"spotify": f"https://open.spotify.com/user/{user_id}"},
            "href": f"{self._origin()}/v1/users/{user_id}",
            "id": user_id,
            "type": "user",
            "uri": f"spotify:user:{user_id}",
        }

    @staticmethod
    def _require_user(grant: _Grant) -> str:
        if grant.user is None:  # a client-credentials token carries no user
            raise _ApiError(401, "This request requires user authentication.")
        return grant.user

    @staticmethod
    def _require_scope(grant: _Grant, *any_of: str) -> None:
        if not grant.has_scope(*any_of):
            raise _ApiError(403, "Insufficient client scope")

    def _forbidden(self, request: _Request, grant: _Grant, **_: str) -> _Response:
        raise _ApiError(403, "Forbidden")

    def _get_me(self, request: _Request, grant: _Grant) -> _Response:
        return _Response.of_json(200, self._user_object(self._require_user(grant)))
