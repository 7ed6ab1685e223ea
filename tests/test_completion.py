"""Shell completion through click's own mechanism (_TRANSLATOR_COMPLETE), as a shell runs it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli_run import BIN, run_cli, translator_exe


def _complete(words: str, cwd: Path, shell: str = "bash") -> list[str]:
    """What the shell would offer for the last word of ``words``."""
    parts = words.split(" ")
    done = run_cli(
        cwd=cwd,
        env={
            "_TRANSLATOR_COMPLETE": f"{shell}_complete",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(parts) - 1),
        },
    )
    assert done.returncode == 0 and not done.stderr, done.stderr
    return [line.split(",", 1)[1] for line in done.stdout.splitlines() if line]


@pytest.fixture
def site(project: Path) -> Path:
    config = project / "translator.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "target_locales: [en, zh_Hans, de]", "target_locales: [en, pt_BR, zh_Hans, pt]"
        ),
        encoding="utf-8",
    )
    return project


@pytest.mark.parametrize(
    "command", ["status", "sync", "update", "render", "translate", "align", "tm export -o x.tmx"]
)
def test_locale_options_complete_from_the_project(site: Path, command: str) -> None:
    assert _complete(f"translator {command} --locale ", site) == ["en", "pt_BR", "zh_Hans", "pt"]
    assert _complete(f"translator {command} -l p", site) == ["pt_BR", "pt"]
    # From a sub-folder too: the nearest translator.yaml above.
    assert _complete(f"translator {command} -l z", site / "locales") == ["zh_Hans"]


def test_locale_completion_follows_the_config_option(site: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    config = str(site / "translator.yaml")
    assert _complete(f"translator -c {config} status -l pt_", elsewhere) == ["pt_BR"]


def test_no_project_or_a_broken_one_offers_nothing_and_prints_nothing(tmp_path: Path) -> None:
    assert _complete("translator status --locale ", tmp_path) == []
    (tmp_path / "translator.yaml").write_text("target_locales: [en\n")
    assert _complete("translator status --locale ", tmp_path) == []


def test_commands_and_init_locales_complete(tmp_path: Path) -> None:
    assert _complete("translator sy", tmp_path) == ["sync"]
    assert "init" in _complete("translator ", tmp_path)
    targets = _complete("translator init --target zh_Han", tmp_path)
    assert targets[:2] == ["zh_Hans", "zh_Hans_CN"] and "zh_Hant" in targets
    assert "--fail-under" in _complete("translator status --fa", tmp_path)


def test_bash_loads_the_completion_script(tmp_path: Path) -> None:
    """The README's line for bash, run by bash: it defines the completion function."""
    bash = shutil.which("bash")
    assert bash is not None
    line = 'eval "$(_TRANSLATOR_COMPLETE=bash_source translator)"'
    done = subprocess.run(
        [bash, "--norc", "-c", f"{line}\ncomplete -p translator"],
        env={"PATH": f"{BIN}:/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "_translator_completion translator" in done.stdout


@pytest.mark.parametrize(("shell", "marker"), [("zsh", "compdef"), ("fish", "complete")])
def test_zsh_and_fish_scripts(tmp_path: Path, shell: str, marker: str) -> None:
    done = subprocess.run(
        [translator_exe()],
        env={"_TRANSLATOR_COMPLETE": f"{shell}_source", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and marker in done.stdout
    assert "_TRANSLATOR_COMPLETE" in done.stdout
