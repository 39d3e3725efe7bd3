"""YouTube Music through ytmusicapi: the only package that knows its answers, ids and errors.

``service.YouTubeMusicService`` puts it behind the service port (``ost.service``); ``client``
makes the client (one place, with a seam for tests) and calls it under ost's retry rules;
``recordings`` turns search rows, album tracks and ``get_song`` answers into the port's
renderings; ``albums`` turns ``get_album`` answers into the port's albums and tracks. What
ytmusicapi returns is written down, with its sources, in ``docs/ytmusic-shapes.md``.
"""
