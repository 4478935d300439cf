"""The GitHub Actions workflow (.github/workflows/book.yml), linted: it cannot run here.

check-jsonschema validates it against the workflow schema it bundles (no network);
the rest checks that it mirrors .ci/run and `make publish`: the same make targets,
the official Pages actions, and caches of pip and the executed notebooks.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from interviews.report import build_cache

WORKFLOW = Path(".github") / "workflows" / "book.yml"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def lint(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", str(path)],
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def workflow(root) -> dict:
    text = (root / WORKFLOW).read_text(encoding="utf-8")
    return yaml.load(text, Loader=yaml.BaseLoader)  # strings only: `on` stays a key, not True


def steps(job: dict) -> list[dict]:
    return job["steps"]


def runs(job: dict) -> list[str]:
    return [s["run"] for s in steps(job) if "run" in s]


def uses(job: dict) -> list[str]:
    return [s["uses"].split("@")[0] for s in steps(job) if "uses" in s]


def test_the_workflow_is_valid_and_the_lint_catches_a_mistake(root, tmp_path):
    result = lint(root / WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text((root / WORKFLOW).read_text(encoding="utf-8").replace("runs-on:", "run-on:", 1),
                      encoding="utf-8")
    assert lint(broken).returncode != 0


def test_a_push_to_main_builds_with_make_book_and_deploys_with_the_pages_actions(workflow):
    assert workflow["on"]["push"]["branches"] == ["main"] and "pull_request" in workflow["on"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["if"] == "github.event_name == 'push'"
    assert "make book" in runs(build), "the same target as make publish builds"
    assert uses(build)[-1] == "actions/upload-pages-artifact"
    assert steps(build)[-1]["with"]["path"] == "_build/html"
    assert "actions/configure-pages" in uses(build)
    assert deploy["needs"] == "build" and uses(deploy) == ["actions/deploy-pages"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"


def test_pull_requests_run_make_test_as_ci_does(root, workflow):
    test = workflow["jobs"]["test"]
    assert test["if"] == "github.event_name == 'pull_request'"
    ci = (root / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert runs(test)[-1] == ci == "make test"
    assert "--privileged" in test["container"]["options"], "the offline build test makes a network namespace"


def test_pip_and_the_executed_notebooks_are_cached(workflow):
    build = workflow["jobs"]["build"]
    caches = [s["with"] for s in steps(build) if s.get("uses", "").startswith("actions/cache@")]
    paths = [c["path"].split() for c in caches]
    assert ["~/.cache/pip"] in paths
    notebooks = next(c for c in caches if "_build/.jupyter_cache" in c["path"])
    assert f"_build/{build_cache.RECORD}" in notebooks["path"].split(), "make freshen keeps the cache only with it"
    assert "requirements.txt" in notebooks["key"] and notebooks["restore-keys"]
    for job in ("build", "test"):
        kept = [s["with"]["path"] for s in steps(workflow["jobs"][job])
                if s.get("uses", "").startswith("actions/cache@")]
        assert "~/.cache/interviews" in kept, "the sentence vectors are computed once, then restored"
    for job in workflow["jobs"].values():
        assert all("@v" in s["uses"] for s in steps(job) if "uses" in s), "actions pinned to a major version"


def test_every_make_target_the_workflow_runs_exists(root, workflow):
    targets = set(re.findall(r"^([a-z][a-z-]*):", (root / "Makefile").read_text(encoding="utf-8"), re.M))
    commands = [c for job in workflow["jobs"].values() if "steps" in job for c in runs(job) if c.startswith("make")]
    assert commands and all(c.split()[1] in targets for c in commands), commands
