"""ost: the *Soundtrack* (Disney+) OST as a local catalogue, matched to Spotify, made into playlists."""

__version__ = "0.1.0"
