"""The Spotify layer's answers to odd replies and half-configured credentials."""

from __future__ import annotations

import json

import pytest


@pytest.mark.parametrize(
    "body", ["not json at all", {"unexpected": True}], ids=["text", "no-tracks-key"]
)
def test_an_unreadable_search_answer_is_an_error_and_nothing_is_cached(run, fake, body) -> None:
    fake.inject("GET", r"/v1/search", status=200, body=body, times=None)
    result = run("match", "--season", "2")
    assert result.exit_code == 1
    assert "cannot read" in result.output and "Traceback" not in result.output
    rows = json.loads(run("tracks", "--season", "2", "--json").stdout)
    assert rows[0]["match_status"] is None  # nothing saved


def test_an_unreadable_answer_is_not_served_from_the_cache_later(run, fake) -> None:
    fake.inject("GET", r"/v1/search", status=200, body="garbage", times=1)
    assert run("match", "--season", "2").exit_code == 1
    result = run("match", "--season", "2")
    assert result.exit_code == 0
    assert fake.count("GET", "/v1/search") >= 2  # searched again: the garbage was not cached


@pytest.mark.parametrize("present", ["SPOTIPY_CLIENT_ID", "SPOTIPY_CLIENT_SECRET"])
def test_half_set_app_credentials_name_the_missing_one(run, monkeypatch, present) -> None:
    missing = ({"SPOTIPY_CLIENT_ID", "SPOTIPY_CLIENT_SECRET"} - {present}).pop()
    monkeypatch.setenv(present, "something")
    result = run("match")
    assert result.exit_code == 1
    assert f"{present} is set but {missing} is not" in result.output
    assert "something" not in result.output


def test_a_long_rate_limit_is_also_said_in_hours() -> None:
    from ost.errors import RateLimited

    message = str(RateLimited(7200, 60))
    assert "7200 s (about 2 h)" in message and "--max-wait 60 s" in message
