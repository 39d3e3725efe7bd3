"""Your own audio files as a second source of recordings for the catalogue's tracks.

- ``scan``: walks the music folders, reads new or changed files and saves what it found.
- ``matcher``: which catalogue track a file is (its tags, or its name, judged by the scorer).
- ``tags``: reading a file's tags with mutagen.
- ``files``: the library's tables (their only writer): the words for a file's state, which file a
  track uses, and your decisions on files. Exports and listings import only this module, so they
  import neither mutagen nor rapidfuzz; this package's ``__init__`` imports nothing heavier.
"""
