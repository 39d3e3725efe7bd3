"""What several test modules share, beyond the two stand-in services (``fakespotify``,
``fakeytmusic``): no test module imports another one, it imports from here.

Parts: ``environment`` (the variables of the user's shell that the tests clear), ``audio`` (small
real audio files of every format the library reads), ``catalogue`` (a catalogue grown by thousands
of tracks, or given a pinned recording and a library file, or a track waiting for review on
YouTube Music), ``results`` (what a command's result says: that it succeeded, its JSON, the
tracks), ``statements`` (the SQL statements a piece of work sends, and the table scans among
them), ``processes`` (ost as its own process, and which modules a run imported), ``terminal`` (ost
on a pseudo-terminal), ``specialfiles`` (named pipes, devices and sockets made in a test's
folder), ``shows`` (a made-up show added and discovered: the fixtures ``shows_fake`` and
``laundry``).
"""
