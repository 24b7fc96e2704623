"""The set-up stays honest: README, .ci/run, pyproject and conda agree."""
import re
import subprocess
import sys

from pathlib import Path

import pytest
import yaml

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import run  # noqa: E402  (run.py at the root)

CONDA_NAMES = {"pytorch-cpu": "torch"}


def pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def name(requirement):
    return re.split(r"[<>=!~; \[]", requirement, maxsplit=1)[0].lower()


def test_environment_yml_names_the_runtime_dependencies():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {CONDA_NAMES.get(name(d), name(d)): d
             for d in env["dependencies"] if isinstance(d, str)}
    runtime = {name(d): d for d in pyproject()["dependencies"]}
    assert set(runtime) <= set(conda)
    assert set(conda) - set(runtime) == {"python", "pip"}
    assert conda["torch"].endswith("=2.13.0")
    assert "torch==2.13.0" in runtime["torch"]
    assert "conda-forge" in env["channels"]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip == ["-e .[dev]"]


def test_python_floor_is_the_same_everywhere():
    assert pyproject()["requires-python"] == ">=3.10"
    env = (ROOT / "environment.yml").read_text()
    assert "python>=3.10" in env
    assert "Python 3.10 or newer" in (ROOT / "README.md").read_text()


def test_constraints_pin_torch_and_every_dependency():
    pins = (ROOT / "constraints.txt").read_text()
    assert re.search(r"^torch==2\.13\.0$", pins, re.M)
    extras = pyproject()["optional-dependencies"]
    wanted = pyproject()["dependencies"] + [
        r for extra in extras.values() for r in extra
        if name(r) != "bplab"]  # dev names bplab[hub]: itself
    assert "bplab[hub]" in extras["dev"]
    for requirement in wanted:
        pattern = re.escape(name(requirement)).replace("\\-", "[-_]")
        assert re.search(rf"^{pattern}==", pins, re.M | re.I), requirement


def readme_commands():
    return re.findall(r"^    (python3 run\.py \w+)$",
                      (ROOT / "README.md").read_text(), re.M)


def test_ci_runs_exactly_the_readme_test_command():
    commands = readme_commands()
    assert "python3 run.py lab" in commands
    assert "python3 run.py test" in commands
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^python3 run\.py test$", ci, re.M)
    assert "apt-get install -y -qq chromium" in ci


def test_jupyterlab_listens_on_localhost_and_keeps_its_token():
    command = run.lab_command("python", [])
    assert "--ServerApp.ip=127.0.0.1" in command
    assert not any("token" in part.lower() for part in command)
    assert not any("password" in part.lower() for part in command)


def test_setup_does_nothing_the_second_time(monkeypatch):
    """With the stamp matching pyproject and the pins, no pip runs."""
    assert (ROOT / ".venv" / "bplab-setup.sha256").exists(), \
        "run the tests through 'python3 run.py test'"

    def no_subprocess(*args, **kwargs):
        raise AssertionError(f"set-up ran {args}")

    monkeypatch.setattr(subprocess, "run", no_subprocess)
    assert run.setup() == run.venv_python()


def test_run_py_without_a_job_prints_its_usage():
    done = subprocess.run([sys.executable, str(ROOT / "run.py")],
                          capture_output=True, text=True)
    assert done.returncode != 0
    assert "python3 run.py lab" in done.stderr
