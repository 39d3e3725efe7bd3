"""YouTube Music through ytmusicapi: the only package that knows its answers, ids and errors.

``client`` makes the client (one place, with a seam for tests) and calls it under ost's retry
rules; ``recordings`` turns search rows and album tracks into the scorer's candidates;
``albums`` turns ``get_album`` answers into discovery's albums and tracks. What ytmusicapi returns
is written down, with its sources, in ``docs/ytmusic-shapes.md``.
"""
