"""Discovery's plain data, now the service port's (``ost.service``): kept for ``ost.discover.add``.

Re-export only: import ``Album``, ``AlbumTrack`` and ``ArtistRef`` from ``ost.service``.
"""

from __future__ import annotations

from ost.service import Album, AlbumTrack, ArtistRef

__all__ = ["Album", "AlbumTrack", "ArtistRef"]
