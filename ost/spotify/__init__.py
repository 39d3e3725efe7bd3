"""Spotify behind the service port: ``service.SpotifyService`` (what the core is given), the Web
API with ost's retry rules (``api``), credentials (``auth``, ``login``), and the only readers of
Spotify's JSON (``items``, ``recordings``, ``albums``, ``playlists``)."""
