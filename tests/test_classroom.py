"""Ready for a classroom: CI workflow, Binder/Colab launch, lecture mode
and shareable slider values (the teacher's guide: test_teachers_guide.py)."""
import json
import os
import re
import subprocess
import sys
import types
from pathlib import Path

import ipywidgets as widgets
import pytest
import yaml

from bplab.ui import share
from bplab.ui.controls import model_sliders
from bplab.ui.liveview import LiveView

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import run  # noqa: E402  (run.py at the root)

# -- shareable state --------------------------------------------------------

SEED_TEXT = "bplab:x=1,y=2,w1=1,w2=2,b=2"
NAMES = ["x", "y", "w1", "w2", "b"]


def test_dumps_gives_the_short_text_of_the_seed():
    values = dict(x=1.0, y=2.0, w1=1.0, w2=2.0, b=2.0)
    assert share.dumps(values) == SEED_TEXT
    assert share.dumps(dict(x=1.5, y=-0.1, w1=0.30000000000000004,
                            w2=-0.0, b=3, step=7)) == (
        "bplab:x=1.5,y=-0.1,w1=0.3,w2=0,b=3,step=7")


@pytest.mark.parametrize("values", [
    dict(x=1.5, y=2.0, w1=1.0, w2=2.0, b=2.0),
    dict(x=-4.9, y=0.0, w1=0.1, w2=-3.3, b=5.0),
    dict(x=0.123456789, y=-2.5e-3, w1=1e3, w2=-7.0, b=0.5),
])
def test_loads_gives_back_what_dumps_wrote(values):
    assert share.loads(share.dumps(values), NAMES) == values


def test_loads_forgives_spaces_quotes_and_a_missing_prefix():
    want = dict(x=1.5, y=2.0, w1=1.0, w2=2.0, b=2.0)
    for text in ["  bplab:x=1.5, y=2 ,w1=1,w2=2,b=2\n",
                 "`bplab:x=1.5,y=2,w1=1,w2=2,b=2`",
                 "b=2,w2=2,w1=1,y=2,x=1.5"]:
        got = share.loads(text, NAMES)
        assert got == want and list(got) == NAMES


RANGES = {name: (-5.0, 5.0) for name in NAMES}


@pytest.mark.parametrize("text, message", [
    ("", "the text is empty"),
    ("bplab:", "the text is empty"),
    ("bplab:x=1,y=2,w1=1,w2=2,b=2,z=3", "unknown name 'z'"),
    ("bplab:x=1,y=2,w1=1,w2=2", "missing a value for b"),
    ("bplab:x=1,y=2,w1=1,w2=2,b=", "b has no value"),
    ("bplab:x=1,y=2,w1=one,w2=2,b=2",
     "w1 must be a number in plain digits (like 1.5 or -2e-3), got 'one'"),
    ("bplab:x=1,y=2,w1=1,w2=nan,b=2", "w2 must be a number in plain "
     "digits (like 1.5 or -2e-3), got 'nan'"),
    ("bplab:x=1,y=2,w1=1,w2=1e999,b=2", "w2 must be finite, got '1e999'"),
    ("bplab:x=9,y=2,w1=1,w2=2,b=2", "x=9 is outside the x slider's range"),
    ("bplab:x=1,y=2,w1=1,w2=2,b=2,x=1", "x is given twice"),
    ("bplab:x=1;y=2", "x must be a number"),
    ("hello", "'hello' is not of the form name=value"),
])
def test_bad_text_gets_a_value_error_that_says_what_is_wrong(
        text, message):
    with pytest.raises(ValueError) as error:
        share.loads(text, RANGES)
    assert message in str(error.value)


@pytest.mark.parametrize("typed", [
    "\uff11", "\uff11\uff0e\uff15", "\u0661", "0_5", "1_000", "inf",
    "-Infinity", "0x1", "1.5.2", "1e", "."])
def test_only_plain_ascii_decimals_are_numbers(typed):
    """Lookalike digits, underscores and the rest of what float() would
    take are refused alike, quoting the text as typed."""
    with pytest.raises(ValueError) as error:
        share.loads(f"x={typed}", {"x": (-5.0, 5.0)})
    assert str(error.value) == (
        f"x must be a number in plain digits (like 1.5 or -2e-3), got "
        f"{typed!r}")


@pytest.mark.parametrize("typed", ["1.5", "+1.5", "-.5", "5.", "3e-1",
                                   "-2E+0", "004", "-0"])
def test_plain_decimals_read_as_float_reads_them(typed):
    assert share.loads(f"x={typed}", {"x": (-5.0, 5.0)}) == {
        "x": float(typed)}


def test_out_of_range_says_the_value_as_typed():
    with pytest.raises(ValueError) as error:
        share.loads("x=5.0000000001", {"x": (-5.0, 5.0)})
    assert str(error.value) == (
        "x=5.0000000001 is outside the x slider's range -5 to 5")


def test_int_bounds_ask_for_whole_numbers():
    assert share.loads("step=3", {"step": (0, 10)}) == {"step": 3}
    with pytest.raises(ValueError, match="step must be a whole number"):
        share.loads("step=2.5", {"step": (0, 10)})


def test_dumps_refuses_what_it_could_not_read_back():
    with pytest.raises(TypeError, match="x must be a real number"):
        share.dumps({"x": "1"})
    with pytest.raises(ValueError, match="y must be finite"):
        share.dumps({"y": float("inf")})
    with pytest.raises(ValueError, match="not a valid name"):
        share.dumps({"a b": 1.0})
    with pytest.raises(TypeError, match="must be a str"):
        share.loads(None, NAMES)


def seen(**values):
    """A stand-in view: shows the values it was called with."""
    return ",".join(f"{k}={v}" for k, v in values.items())


def live_view():
    controls = {**model_sliders(),
                "step": widgets.IntSlider(0, min=0, max=20),
                "show": widgets.Checkbox(True, description="show")}
    return LiveView(seen, controls)


def test_the_share_box_shows_the_current_values_as_a_short_text():
    view = live_view()
    assert view.share_text.value == SEED_TEXT + ",step=0"
    view.set(x=-1.5, step=3)
    assert view.share_text.value == (
        "bplab:x=-1.5,y=2,w1=1,w2=2,b=2,step=3")
    assert view.share_text in view.children[-1].children
    assert view.share_button in view.children[-1].children


def test_pasting_a_text_and_pressing_restore_moves_the_sliders():
    view, other = live_view(), live_view()
    view.set(x=-1.5, y=0.3, w1=4.2, w2=-2.0, b=0.0, step=7)
    other.share_text.value = view.share_text.value
    other.share_button.click()
    assert other.values() == view.values()
    assert other.picture.value == view.picture.value
    assert other.share_message.value == "✓ restored"


def test_the_message_stays_until_the_values_really_move():
    view = live_view()
    view.restore("bplab:x=-1.5,y=2,w1=1,w2=2,b=2,step=0")
    view.controls["x"].value = -1.4999999999999996  # a browser's echo
    assert view.share_message.value == "✓ restored"
    view.controls["x"].value = -1.4
    assert view.share_message.value == ""


@pytest.mark.parametrize("text, message", [
    ("bplab:x=1,y=2,w1=1,w2=2,b=2,step=1,show=1",
     "unknown name 'show'"),
    ("bplab:x=1,y=2,w1=1,w2=2,b=2,step=2.5",
     "step must be a whole number"),
    ("bplab:x=1,y=2,w1=1,w2=2,b=-6,step=2",
     "b=-6 is outside the b slider's range -5 to 5"),
    ("please help", "is not of the form name=value"),
])
def test_bad_text_is_a_message_in_the_widget_not_an_exception(
        text, message):
    view = live_view()
    view.set(w1=3.0)
    before = view.values(), view.picture.value
    view.share_text.value = text
    view.share_button.click()
    assert message in view.share_message.value
    assert view.share_message.value.startswith("✗")
    assert (view.values(), view.picture.value) == before
    view.set(x=0.5)
    assert view.share_message.value == ""


# -- the CI workflow ----------------------------------------------------------

WORKFLOW = ROOT / ".github" / "workflows" / "tests.yml"
ACTIONLINT = Path(sys.executable).parent / "actionlint"


def actionlint(*args, text=None):
    return subprocess.run([str(ACTIONLINT), "-no-color", *args],
                          input=text, capture_output=True, text=True,
                          cwd=ROOT)


def test_the_workflow_passes_actionlint():
    done = actionlint(str(WORKFLOW))
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_actionlint_does_fail_on_a_broken_workflow():
    broken = WORKFLOW.read_text().replace(
        "cache-dependency-path", "cache-dependecy-path")
    done = actionlint("-", text=broken)
    assert done.returncode == 1
    assert "cache-dependecy-path" in done.stdout


def workflow():
    data = yaml.safe_load(WORKFLOW.read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads on: as True
    return data


def readme():
    return (ROOT / "README.md").read_text()


def test_the_workflow_runs_exactly_the_readme_test_command_on_push_and_pr():
    data = workflow()
    assert set(data["on"]) == {"push", "pull_request"}
    (job,) = data["jobs"].values()
    assert job["runs-on"].startswith("ubuntu")
    runs = [step["run"].strip() for step in job["steps"] if "run" in step]
    assert runs[-1] == "python3 run.py test"
    assert sum("run.py" in run for run in runs) == 1
    assert re.search(r"^    python3 run\.py test$", readme(), re.M)
    ci = (ROOT / ".ci" / "run").read_text().strip().splitlines()
    assert ci[-1] == runs[-1]


def test_the_workflow_uses_python_3_11_and_caches_pip_by_the_pins():
    (job,) = workflow()["jobs"].values()
    (setup,) = [s for s in job["steps"]
                if s.get("uses", "").startswith("actions/setup-python@")]
    assert setup["with"] == {"python-version": "3.11", "cache": "pip",
                             "cache-dependency-path": "constraints.txt"}
    assert (ROOT / "constraints.txt").exists()


def elf(path):
    with open(path, "rb") as file:
        return file.read(4) == b"\x7fELF"


def chromium_binary():
    """A Chromium executable (not a wrapper script) on this machine."""
    import shutil
    for path in [os.environ.get("BPLAB_CHROMIUM"), shutil.which("chromium"),
                 "/usr/lib/chromium/chromium"]:
        if path and os.path.isfile(path) and elf(os.path.realpath(path)):
            return os.path.realpath(path)
    return None


def test_the_workflow_tells_the_browser_suite_where_chromium_is(tmp_path):
    """The step's script, run here with CHROME_BIN pointing at Chromium,
    picks an executable binary and writes BPLAB_CHROMIUM for later steps
    (the variable tests/browser reads)."""
    (job,) = workflow()["jobs"].values()
    (step,) = [s for s in job["steps"] if "BPLAB_CHROMIUM" in s.get(
        "run", "")]
    binary = chromium_binary()
    if not binary:  # as the browser suite: a failure only under CI
        missing = "no Chromium binary here to run the step against"
        assert os.environ.get("CI") != "true", missing
        pytest.skip(missing)
    github_env = tmp_path / "github_env"
    done = subprocess.run(
        ["bash", "-e", "-c", step["run"]], capture_output=True, text=True,
        env={**os.environ, "CHROME_BIN": binary,
             "GITHUB_ENV": str(github_env)})
    assert done.returncode == 0, done.stderr
    name, found = github_env.read_text().strip().split("=", 1)
    assert name == "BPLAB_CHROMIUM"
    assert elf(found) and not found.startswith("/snap/")
    read = subprocess.run(
        [sys.executable, "-c", "import harness; print(harness.CHROMIUM)"],
        cwd=ROOT / "tests" / "browser", capture_output=True, text=True,
        env={**os.environ, "BPLAB_CHROMIUM": found})
    assert read.stdout.strip() == found, read.stderr


# -- Binder and Colab ---------------------------------------------------------

def test_environment_yml_needs_no_gpu_and_installs_bplab():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    names = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    everything = " ".join([*env["channels"], *names, *pip]).lower()
    for gpu in ["cuda", "gpu", "nvidia", "cudnn", "nccl"]:
        assert gpu not in everything
    assert any(re.match(r"pytorch-cpu\b", d) for d in names)
    assert not any(re.match(r"(pytorch|torch)\s*[=<>]|pytorch$", d)
                   for d in names)
    assert any(re.fullmatch(r"-e \.(\[[\w,]+\])?", d) for d in pip)


BADGES = (
    "[![Open in Colab](https://colab.research.google.com/assets/colab-badge"
    ".svg)](https://colab.research.google.com/github/bplab-course/bplab/blob"
    "/main/notebooks/{file}) [![Binder](https://mybinder.org/badge_logo.svg)"
    "](https://mybinder.org/v2/gh/bplab-course/bplab/HEAD?labpath=notebooks/"
    "{file})")

COLAB_CELL = """\
# In Colab, install bplab alone: Colab has torch, numpy, matplotlib and
# ipywidgets already. Elsewhere this cell does nothing.
import sys
if "google.colab" in sys.modules:
    %pip install --quiet --no-deps "bplab @ git+https://github.com/bplab-course/bplab"
"""

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def cells(path):
    return json.loads(path.read_text())["cells"]


def source(cell):
    text = cell["source"]
    return text if isinstance(text, str) else "".join(text)


def test_there_are_notebooks_to_check():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_notebook_opens_with_its_own_launch_badges(path):
    first = cells(path)[0]
    assert first["cell_type"] == "markdown"
    lines = source(first).splitlines()
    assert BADGES.format(file=path.name) in lines


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_notebooks_first_code_cell_is_the_colab_install(path):
    code = [c for c in cells(path) if c["cell_type"] == "code"]
    assert source(code[0]).rstrip("\n") == COLAB_CELL.rstrip("\n")
    assert code[0]["outputs"] == []


def test_the_readme_has_launch_badges_for_notebook_1():
    top = readme().splitlines()[:5]
    assert BADGES.format(file="01_forward.ipynb") in " ".join(top)


@pytest.fixture
def shell(monkeypatch):
    """A fresh IPython that records %magics instead of running them."""
    from IPython.core.interactiveshell import InteractiveShell
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    from traitlets.config import Config
    InteractiveShell.clear_instance()
    config = Config()
    config.HistoryManager.enabled = False
    ipython = InteractiveShell.instance(config=config)
    magics = []
    monkeypatch.setattr(ipython, "run_line_magic",
                        lambda name, line, *args, **kw: magics.append(
                            (name, line)))
    yield ipython, magics
    InteractiveShell.clear_instance()


def run_cell(ipython, code, capsys):
    result = ipython.run_cell(code, store_history=False)
    result.raise_error()
    return result, capsys.readouterr()


def test_the_colab_cell_does_nothing_outside_colab(shell, capsys):
    ipython, magics = shell
    result, output = run_cell(ipython, COLAB_CELL, capsys)
    assert magics == []
    assert result.result is None
    assert (output.out, output.err) == ("", "")


def test_in_colab_the_cell_pip_installs_bplab_from_github(
        shell, capsys, monkeypatch):
    ipython, magics = shell
    monkeypatch.setitem(sys.modules, "google.colab",
                        types.ModuleType("google.colab"))
    result, output = run_cell(ipython, COLAB_CELL, capsys)
    assert magics == [("pip", 'install --quiet --no-deps "bplab @ '
                       'git+https://github.com/bplab-course/bplab"')]
    assert (output.out, output.err) == ("", "")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_notebooks_own_colab_cell_installs_only_in_colab(
        path, shell, capsys, monkeypatch):
    """The cell as stored in the notebook, not only our copy of it."""
    ipython, magics = shell
    code = [c for c in cells(path) if c["cell_type"] == "code"]
    run_cell(ipython, source(code[0]), capsys)
    assert magics == []
    monkeypatch.setitem(sys.modules, "google.colab",
                        types.ModuleType("google.colab"))
    run_cell(ipython, source(code[0]), capsys)
    assert [name for name, line in magics] == ["pip"]


# -- lecture mode -------------------------------------------------------------

def test_lecture_presents_notebook_1_on_localhost_with_code_hidden():
    command = run.lecture_command("python", [])
    assert command[:4] == ["python", "-m", "voila",
                           str(ROOT / "notebooks" / "01_forward.ipynb")]
    assert "--Voila.ip=127.0.0.1" in command
    assert "--token" in command
    assert "--strip_sources=True" in command
    assert "lecture" in run.JOBS


def test_lecture_takes_a_notebook_and_passes_flags_on(tmp_path,
                                                      monkeypatch):
    monkeypatch.chdir(tmp_path)
    command = run.lecture_command(
        "python", ["nb.ipynb", "--no-browser", "--port=9000"])
    assert command[3] == str(tmp_path / "nb.ipynb")
    assert command[-2:] == ["--no-browser", "--port=9000"]
    assert run.lecture_command("python", ["--no-browser"])[-1] == (
        "--no-browser")
    assert run.lecture_command("python", ["--no-browser"])[3].endswith(
        "01_forward.ipynb")


def test_lecture_on_a_missing_notebook_says_so_without_a_traceback(
        tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "run.py"), "lecture",
         str(tmp_path / "nope.ipynb")], capture_output=True, text=True)
    assert done.returncode == 1
    missing = tmp_path / "nope.ipynb"
    assert done.stderr.strip() == f"lecture: no notebook {missing}"


def test_the_readme_gives_the_lecture_command():
    assert re.search(r"^    python3 run\.py lecture$", readme(), re.M)
    assert "## Lecture mode" in readme()

