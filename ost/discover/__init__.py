"""Discovery: each season's OST releases on Spotify, accepted only on stated evidence."""
