"""The built wheel carries the catalogue and the playlist definitions, and runs from anywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return next(out.glob("soundtrack_ost-*.whl"))


def test_the_distribution_is_soundtrack_ost_and_installs_the_ost_command(wheel: Path) -> None:
    """`ost` on the package index is another project's: the distribution has a name of its own,
    while the command and the import package stay `ost`."""
    archive = zipfile.ZipFile(wheel)
    info = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
    metadata = archive.read(info).decode("utf-8")
    assert "\nName: soundtrack-ost\n" in metadata
    entry_points = archive.read(info.replace("METADATA", "entry_points.txt")).decode("utf-8")
    assert "ost = ost.cli:main" in entry_points.splitlines()
    assert "ost/__init__.py" in archive.namelist()


def test_wheel_ships_data_and_playlists(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "ost/_bundled/data/soundtrack-1.toml" in names
    assert "ost/_bundled/data/artists.toml" in names
    assert "ost/_bundled/playlists/soundtrack-1.toml" in names


def test_wheel_ships_the_page_templates_and_assets(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("index.html.j2", "song.html.j2", "timeline.html.j2", "macros.html.j2"):
        assert f"ost/page/templates/{name}" in names
    assert {"ost/page/assets/ost-page.css", "ost/page/assets/ost-page.js"} <= names


def test_installed_wheel_runs_from_another_directory(
    wheel: Path, tmp_path: Path, ost_home: Path
) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # Only the installed copy of ost is importable: the checkout is not on the path.
    env = {
        **os.environ,
        "OST_HOME": str(ost_home),
        "PYTHONPATH": str(target),
        "PYTHONSAFEPATH": "1",
    }
    code = "import ost, sys; from ost.cli import main; print(ost.__file__, file=sys.stderr); main()"

    def installed_ost(*args: str) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [sys.executable, "-c", code, *args],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr.startswith(str(target))
        return proc

    assert len(json.loads(installed_ost("tracks", "--json").stdout)) == 8
    # the companion page finds its templates and assets inside the installed package
    installed_ost("page", "-o", "site")
    assert (elsewhere / "site" / "assets" / "ost-page.js").is_file()
    assert "사운드트랙 #1" in (elsewhere / "site" / "index.html").read_text(encoding="utf-8")
