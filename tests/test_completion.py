"""Shell completion, as the README documents it: click's protocol through `_OST_COMPLETE`, run as
the shell runs it (a separate `ost` process), and the bash script it prints, sourced in a real bash."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.processes import ost_process


def _complete(words: str, cword: int) -> list[str]:
    """What bash would be offered for `words`, the cursor on word `cword`."""
    proc = ost_process(
        env={"_OST_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    )
    assert proc.returncode == 0, proc.stderr
    return [line.split(",", 1)[1] for line in proc.stdout.splitlines() if line]


def test_a_command_completes_from_its_first_letters(ost_home: Path) -> None:
    assert _complete("ost tra", 1) == ["tracks"]
    assert not ost_home.exists()  # a Tab press creates no database


def test_a_subcommand_of_a_group_completes() -> None:
    assert _complete("ost playlist s", 2) == ["show", "sync"]
    assert _complete("ost export ", 2)[:3] == ["json", "m3u", "xspf"]


def test_options_and_their_choices_complete() -> None:
    assert "--names" in _complete("ost tracks --na", 2)
    assert _complete("ost tracks --names ", 3) == ["ko", "en"]


@pytest.mark.parametrize(
    ("shell", "marker"), [("bash", "complete "), ("zsh", "compdef "), ("fish", "complete ")]
)
def test_each_shell_gets_its_script(shell: str, marker: str) -> None:
    proc = ost_process(env={"_OST_COMPLETE": f"{shell}_source"})
    assert proc.returncode == 0, proc.stderr
    assert "_OST_COMPLETE" in proc.stdout and marker in proc.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_bash_script_completes_in_bash(tmp_path: Path) -> None:
    """`eval "$(_OST_COMPLETE=bash_source ost)"`, then Tab after `ost tra`."""
    shim = tmp_path / "ost"  # the `ost` on PATH the script calls: this checkout's
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m ost "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    script = (
        'eval "$(_OST_COMPLETE=bash_source ost)"\n'
        "COMP_WORDS=(ost tra); COMP_CWORD=1; _ost_completion ost tra ost\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {**os.environ, "PATH": f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}"}
    proc = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["tracks"]
