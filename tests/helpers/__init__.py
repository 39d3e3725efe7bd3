"""What several test modules share, beyond the two stand-in services (``fakespotify``,
``fakeytmusic``): no test module imports another one, it imports from here.

Parts: ``environment`` (the variables of the user's shell that the tests clear).
"""
