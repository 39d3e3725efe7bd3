"""Spotify: credentials and the Web API (plain data in, plain data out)."""
