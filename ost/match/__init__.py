"""Matching: a pure scorer over plain data (no spotipy, no database)."""
