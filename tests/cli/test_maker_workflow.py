"""The maker's workflow from an empty folder, through the CLI and the pre-commit hook this repository ships.

new-device -> fill the draft -> publish 1.0.0 -> new-version (1.1.0) -> change notice -> publish 1.1.0,
each command a subprocess (`python -m gmlp_cards.cli`), with `pre-commit run --files` on the cards in
between, in a temporary git repository whose `repo: local` config holds this repository's hook.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from gmlp_cards.cards.catalog import Catalog

from .maker_content import NEW_WARNING, fill_new_device_draft, fill_next_version

REPO = Path(__file__).resolve().parents[2]
DEVICE = "fundus-check"
CLI = [sys.executable, "-m", "gmlp_cards.cli"]


def hook() -> dict[str, object]:
    """The one hook of .pre-commit-hooks.yaml."""
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["gmlp-cards-validate"]
    return dict(hooks[0])


def entry_command() -> list[str]:
    """The hook's entry, with `gmlp-cards` run as this checkout's module (the installed script would
    import whichever copy is installed, not the one under test)."""
    program, *arguments = shlex.split(str(hook()["entry"]))
    assert program == "gmlp-cards"
    return [*CLI, *arguments]


def env() -> dict[str, str]:
    # The subprocesses import this checkout; pre-commit's cache stays in the test's folder.
    return {**os.environ, "PYTHONPATH": str(REPO)}


def cli(folder: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *argv], cwd=folder, env=env(), capture_output=True, text=True, timeout=120, check=False
    )


def test_the_hook_validates_card_files_as_pre_commit_passes_them(tmp_path: Path) -> None:
    spec = hook()
    assert spec["entry"] == "gmlp-cards validate" and spec["pass_filenames"] is True
    assert spec["language"] == "python"  # pre-commit installs this repository, which provides the script
    files = str(spec["files"])
    assert files == r"^model_cards/.*\.ya?ml$"
    assert cli(tmp_path, "new-device", DEVICE).returncode == 0
    draft = f"model_cards/{DEVICE}/1.0.0.yaml"
    broken = tmp_path / "model_cards" / "broken-dev" / "1.0.0.yaml"
    broken.parent.mkdir()
    text = (tmp_path / draft).read_text(encoding="utf-8").replace(DEVICE, "broken-dev")
    broken.write_text(text.replace("  cybersecurity:", "  cybersecurty:"), encoding="utf-8")
    run = [*entry_command(), draft]
    assert subprocess.run(run, cwd=tmp_path, env=env(), check=False).returncode == 0
    failed = subprocess.run(
        [*run, "model_cards/broken-dev/1.0.0.yaml"], cwd=tmp_path, env=env(), capture_output=True, text=True
    )
    assert failed.returncode == 1
    assert "model_cards/broken-dev/1.0.0.yaml:" in failed.stdout and "risks.cybersecurty: unknown field" in (
        failed.stdout
    )


def test_the_action_runs_validate_with_github_annotations(tmp_path: Path) -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    step = next(s for s in action["runs"]["steps"] if "gmlp-cards validate" in s.get("run", ""))
    assert step["shell"] == "bash" and "${{" not in step["run"]  # inputs only through env
    # Run the step's script as the runner would: its env with the input filled in, and a
    # `gmlp-cards` on PATH that is this checkout's CLI.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "gmlp-cards"
    shim.write_text(f'#!/bin/sh\nexec {shlex.join(CLI)} "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    broken = tmp_path / "model_cards" / "broken-dev" / "1.0.0.yaml"
    broken.parent.mkdir(parents=True)
    fixture = REPO / "tests" / "fixtures" / "cards" / "broken" / "unknown-key" / "1.0.0.yaml"
    broken.write_text(
        fixture.read_text(encoding="utf-8").replace("unknown-key", "broken-dev"), encoding="utf-8"
    )
    inputs = {"paths": action["inputs"]["paths"]["default"]}
    step_env = {k: str(v).replace("${{ inputs.paths }}", inputs["paths"]) for k, v in step["env"].items()}
    done = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=tmp_path,
        env={**env(), **step_env, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout.splitlines()[0].startswith(
        "::error file=model_cards/broken-dev/1.0.0.yaml,line=105,col=11,"
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_from_an_empty_folder_to_two_published_versions_through_the_cli_and_pre_commit(
    tmp_path: Path,
) -> None:
    pre_commit = Path(sys.executable).with_name("pre-commit")
    assert pre_commit.exists(), "pre-commit is in the test extra: pip install -e '.[test]'"
    repo = tmp_path / "maker"
    repo.mkdir()
    git = ["git", "-c", "user.name=Maker", "-c", "user.email=maker@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    spec = hook()
    local_hook = {**spec, "language": "system", "entry": shlex.join(entry_command())}
    config = {"repos": [{"repo": "local", "hooks": [local_hook]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")

    def pre_commit_run(*files: str) -> subprocess.CompletedProcess[str]:
        subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
        return subprocess.run(
            [str(pre_commit), "run", "--files", *files],
            cwd=repo,
            env={**env(), "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    first = f"model_cards/{DEVICE}/1.0.0.yaml"
    made = cli(repo, "new-device", DEVICE)
    assert made.returncode == 0, made.stderr
    hooked = pre_commit_run(first)  # a draft with TODOs is a valid draft
    assert hooked.returncode == 0 and "Passed" in hooked.stdout, hooked.stdout  # run, not skipped
    refused = cli(repo, "publish", DEVICE, "1.0.0")
    assert refused.returncode == 1 and "placeholder left in the card" in refused.stderr

    fill_new_device_draft(repo / first)
    assert pre_commit_run(first).returncode == 0
    published = cli(repo, "publish", DEVICE, "1.0.0")
    assert published.returncode == 0, published.stderr
    assert published.stdout.startswith(f"published {first} (sha256 ")

    second = f"model_cards/{DEVICE}/1.1.0.yaml"
    started = cli(repo, "new-version", DEVICE)
    assert started.returncode == 0 and started.stdout.startswith(f"wrote draft {second}\n"), started.stderr
    assert cli(repo, "publish", DEVICE, "1.1.0").returncode == 1  # its notice is still TODO
    fill_next_version(repo / second)
    hooked = pre_commit_run(first, second)
    assert hooked.returncode == 0, hooked.stdout
    published = cli(repo, "publish", DEVICE, "1.1.0")
    assert published.returncode == 0, published.stderr

    assert cli(repo, "validate").returncode == 0
    catalog = Catalog.load(repo / "model_cards")
    assert catalog.versions(DEVICE) == ["1.0.0", "1.1.0"]
    latest = catalog.entry(DEVICE, "1.1.0")
    assert latest is not None and latest.card is not None and latest.lock is not None
    assert latest.card.risks.warnings[0].detail == NEW_WARNING
    tampered = (repo / first).read_text(encoding="utf-8").replace("3.0.2", "3.0.3")
    (repo / first).write_text(tampered, encoding="utf-8")
    hooked = pre_commit_run(first)  # the hook holds the lock: a published card never changes
    assert hooked.returncode == 1 and f"{first}:" in hooked.stdout
