"""Help is interface: every command has a summary and an example, docs/ documents every command and
option, and the README stays a short tour that starts with the two commands."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import click
import pytest

from ost.cli import cli, reference

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS_MD = (DOCS / "commands.md").read_text(encoding="utf-8")
GUIDE = (DOCS / "guide.md").read_text(encoding="utf-8")

# every command users are offered (hidden ones aside: `ost export -o FILE` runs one), groups too
CONTEXTS = list(reference.walk(cli))
COMMANDS = [(c.command_path, c.command) for c in CONTEXTS]
LEAVES = [(n, c) for n, c in COMMANDS if not isinstance(c, click.Group)]


def test_the_cli_has_the_commands_the_issues_name() -> None:
    names = {n for n, _ in COMMANDS}
    assert {
        "ost tracks",
        "ost seasons",
        "ost show",
        "ost import",
        "ost match",
        "ost review",
        "ost accept",
        "ost reject",
        "ost pin",
        "ost unpin",
        "ost playlist list",
        "ost playlist show",
        "ost export m3u",
        "ost export xspf",
        "ost export json",
        "ost library scan",
        "ost login",
        "ost logout",
        "ost playlist sync",
        "ost shows",
        "ost shows add",
        "ost shows remove",
    } <= names


def test_the_command_reference_is_current() -> None:
    """docs/commands.md is what the commands' --help says today."""
    rendered = reference.render()
    if rendered != COMMANDS_MD:
        diff = difflib.unified_diff(
            COMMANDS_MD.splitlines(),
            rendered.splitlines(),
            "docs/commands.md",
            "--help",
            n=1,
            lineterm="",
        )
        shown = "\n".join(list(diff)[:40])
        pytest.fail(
            f"docs/commands.md is stale: regenerate it with `{reference.REGENERATE}`\n{shown}"
        )


def test_the_reference_renders_the_same_whatever_the_terminal(monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    narrow = reference.render()
    monkeypatch.setenv("COLUMNS", "300")
    assert reference.render() == narrow


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_has_its_section_in_the_reference(name: str, command: click.Command) -> None:
    assert f"\n## `{name}`\n" in COMMANDS_MD, f"{name} has no section in docs/commands.md"
    assert f"](#{reference.anchor(name)})" in COMMANDS_MD, f"{name} is not in the contents"
    assert command.get_short_help_str().strip()


@pytest.mark.parametrize(("name", "command"), LEAVES, ids=[n for n, _ in LEAVES])
def test_every_command_has_an_example_and_a_place_in_the_guide(
    name: str, command: click.Command
) -> None:
    assert command.help and "Example: ost " in command.help, f"{name} has no example in its help"
    assert name in GUIDE, f"{name} is not described in docs/guide.md"


@pytest.mark.parametrize("ctx", CONTEXTS, ids=[c.command_path for c in CONTEXTS])
def test_every_option_is_in_its_commands_section(ctx: click.Context) -> None:
    section = COMMANDS_MD.split(f"\n## `{ctx.command_path}`\n", 1)[1].split("\n## ", 1)[0]
    for param in ctx.command.get_params(ctx):
        if isinstance(param, click.Option) and not param.hidden:
            for flag in param.opts + param.secondary_opts:
                assert flag in section, f"{ctx.command_path} {flag} is not in docs/commands.md"


def test_readme_starts_with_the_two_commands_and_ci_runs_the_second() -> None:
    blocks = README.split("```sh\n")[1:3]
    install_run, install_test = (b.split("```")[0].strip() for b in blocks)
    assert install_run.endswith("ost tracks")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.strip().splitlines()[-1] == install_test


def test_the_readme_fits_on_three_screens() -> None:
    assert len(README.splitlines()) <= 250


def test_the_readme_tours_the_main_job_in_order() -> None:
    """tracks -> login -> match -> review -> sync and export -> page, each shown as a command."""
    tour = ["ost tracks", "ost login", "ost match", "ost review", "ost playlist sync"]
    tour += ["ost export", "ost page"]
    places = [README.find(f"\n{step}") for step in tour]
    assert -1 not in places, dict(zip(tour, places, strict=True))
    assert places == sorted(places)


def test_the_readme_tour_says_what_unverified_tracks_are_and_how_to_see_them() -> None:
    """Status and the tables' footnotes point to `ost tracks --all`: the tour says why."""
    tour = README.split("\n## A tour\n", 1)[1].split("\n## ", 1)[0]
    assert "`unverified`" in tour
    assert "\nost tracks --all " in tour and "`ost match --all`" in tour


def test_the_readme_adds_a_show_you_love_in_three_commands() -> None:
    """Issue 19's tour: add the show, discover its OST, sync its playlists; with one key."""
    section = README.split("\n### Add a show you love\n", 1)[1].split("\n#", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("  #")[0].split() for line in block.strip().splitlines()]
    assert [c[:3] for c in commands] == [
        ["ost", "shows", "add"],
        ["ost", "discover", "--show"],
        ["ost", "playlist", "sync"],
    ]
    from ost.showfile import derive_key

    names = re.findall(r'"([^"]+)"', block)
    key = derive_key(names[0], names[1])
    assert commands[1][3] == key and commands[2][3:5] == ["--show", key]


def test_the_readme_sections_that_messages_point_to_exist() -> None:
    # "see 'Spotify setup' in the README" (login and search errors); "(README: When interrupted)";
    # "(README: YouTube Music login)" (a paste of headers that lacks one)
    headings = re.findall(r"^#+ (.+)$", README, re.M)
    assert "Spotify setup" in headings and "YouTube Music login" in headings
    assert any(h.startswith("When interrupted") for h in headings)


def _slug(heading: str) -> str:
    """The anchor a Markdown renderer (GitHub's) gives a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)
    return {_slug(h) for h in re.findall(r"^#+ (.+)$", text, re.M)}


@pytest.mark.parametrize("doc", ["README.md", *sorted(f"docs/{p.name}" for p in DOCS.glob("*.md"))])
def test_links_and_paths_in_the_docs_exist(doc: str) -> None:
    """A relative link goes to a file and a heading in it; a path the text names
    (`ost/match/score.py`) exists, so that moving a module tells its mover which page to update."""
    path = ROOT / doc
    text = path.read_text(encoding="utf-8")
    for target, fragment in re.findall(r"\]\(([^)#:]*)(?:#([^)]*))?\)", text):
        linked = (path.parent / target).resolve() if target else path
        assert linked.exists(), f"{doc} links to {target}, which is missing"
        if fragment and linked.suffix == ".md":
            assert fragment in _anchors(linked), (
                f"{doc} links to {target}#{fragment}: no such heading"
            )
    for named in re.findall(r"`((?:ost|tests|bench|data|playlists|docs|\.ci)/[\w/.-]*\w)/?`", text):
        assert (ROOT / named).exists(), f"{doc} names {named}, which is missing"


def test_the_interrupted_table_says_what_a_discovery_keeps() -> None:
    table = README.split("\n## When interrupted\n", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1].strip() for line in table.splitlines() if line.startswith("| `")]
    assert "`ost discover --add`" in rows


def test_how_to_date_seasons_2_and_on_is_said_where_seasons_is() -> None:
    section = GUIDE.split("`ost shows add NAME", 1)[1].split("\n\n", 1)[0]
    assert "`[[seasons]]` table its `premiere` and `finale`" in " ".join(section.split())
    (context,) = [c for c in CONTEXTS if c.command_path == "ost shows add"]
    assert "docs/shows-format.md" in " ".join(context.command.get_help(context).split())


@pytest.mark.parametrize("doc", ["README.md", *sorted(f"docs/{p.name}" for p in DOCS.glob("*.md"))])
def test_no_doc_says_discovery_is_spotify_s_alone(doc: str) -> None:
    """`ost discover --service ytmusic` is documented: no page may say discovery is Spotify's
    only (a fresh user read "Discovery stays Spotify's for every show" and believed it)."""
    text = " ".join((ROOT / doc).read_text(encoding="utf-8").split())
    said = re.findall(
        r"[^.]*\bdiscover(?:y|ing)?\b[^.]*\b(?:stays Spotify's|Spotify's alone|Spotify only|only "
        r"on Spotify|only Spotify)[^.]*\.",
        text,
        flags=re.I,
    )
    assert said == []


def test_the_guide_s_shows_and_services_names_discovery_on_youtube_music() -> None:
    section = " ".join(GUIDE.split("**Shows and services.**", 1)[1].split("\n\n", 1)[0].split())
    assert "`ost discover --show KEY --service ytmusic`" in section
