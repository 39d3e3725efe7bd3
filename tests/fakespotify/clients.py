"""spotipy clients pointed at a FakeSpotify, as ost's own are: Client Credentials for searches
and lookups, Authorization Code with PKCE for a user's playlists (the user clicks "Agree")."""

from __future__ import annotations

import spotipy
from spotipy.cache_handler import MemoryCacheHandler
from spotipy.oauth2 import SpotifyClientCredentials, SpotifyPKCE

from .server import FakeSpotify
from .wire import PLAYLIST_SCOPES, REDIRECT_URI


def app_client(fake: FakeSpotify, *, language: str = "ko", **options: object) -> spotipy.Spotify:
    """Client Credentials, as `ost` searches. MemoryCacheHandler: no .cache file in the cwd."""
    auth = SpotifyClientCredentials(
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        cache_handler=MemoryCacheHandler(),
    )
    auth.OAUTH_TOKEN_URL = fake.accounts_url + "/api/token"
    options.setdefault("requests_timeout", 5)
    client = spotipy.Spotify(auth_manager=auth, language=language, **options)
    client.prefix = fake.api_url
    return client


def pkce_manager(fake: FakeSpotify, scope: str = PLAYLIST_SCOPES) -> SpotifyPKCE:
    auth = SpotifyPKCE(
        client_id=fake.client_id,
        redirect_uri=REDIRECT_URI,
        scope=scope,
        state="st4te",
        cache_handler=MemoryCacheHandler(),
        open_browser=False,
    )
    auth.OAUTH_AUTHORIZE_URL = fake.accounts_url + "/authorize"
    auth.OAUTH_TOKEN_URL = fake.accounts_url + "/api/token"
    return auth


def user_client(
    fake: FakeSpotify, *, scope: str = PLAYLIST_SCOPES, **options: object
) -> spotipy.Spotify:
    """Authorization Code with PKCE, the user clicking "Agree" in between."""
    auth = pkce_manager(fake, scope)
    redirect = fake.user_authorize(auth.get_authorize_url())
    auth.get_access_token(auth.parse_response_code(redirect))
    options.setdefault("requests_timeout", 5)
    client = spotipy.Spotify(auth_manager=auth, language="ko", **options)
    client.prefix = fake.api_url
    return client
