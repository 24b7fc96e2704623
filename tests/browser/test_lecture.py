"""Lecture mode in a browser: notebook 1 as a Voila app, a slider moved;
in English and in Chinese (notebooks/zh/01_forward.ipynb).

Starts `python3 run.py lecture --no-browser ... NOTEBOOK ...` as a
teacher would (flags before and after the notebook), opens the link it
prints in headless Chromium (tests/browser/harness.py), and checks that
the page shows prose, sliders and pictures but no code and no
exercises, that moving a slider redraws the picture with bplab's
numbers, and that the share box round-trips the slider values. Ctrl+C
to run.py stops Voila and its kernel. When a test fails, the lecture's
log and a screenshot stay in test-artifacts/lecture/.
"""
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

import psutil
import pytest

import bplab
import bplab.ui.share
from bplab import i18n
from bplab.ui.lecture import EXERCISES
from harness import NOTEBOOKS, ROOT, Chromium, Panel, chromium_missing, \
    free_port, number

pytestmark = pytest.mark.browser

# Like conftest.py: BPLAB_BROWSER_NOTEBOOKS=folder to try drafts.
FOLDER = Path(os.environ.get("BPLAB_BROWSER_NOTEBOOKS", NOTEBOOKS))
NOTEBOOK = FOLDER / "01_forward.ipynb"
EDITIONS = {"en": NOTEBOOK, "zh": FOLDER / "zh" / "01_forward.ipynb"}
LINK = re.compile(r"http://127\.0\.0\.1:\d+/\?token=[0-9a-f]+")
ARTIFACTS = ROOT / "test-artifacts" / "lecture"


class Lecture:
    """`python3 run.py lecture` on one notebook; stopped as by Ctrl+C."""

    def __init__(self, notebook, tmp):
        self.notebook, self.log = notebook, Path(tmp) / "lecture.log"
        self.process = None

    def start(self, timeout=90):
        command = [sys.executable, str(ROOT / "run.py"), "lecture",
                   "--no-browser", f"--port={free_port()}",
                   str(self.notebook), "--Voila.port_retries=0"]
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
                env={**os.environ, "PYTHONUNBUFFERED": "1"})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = LINK.search(self.log.read_text())
            if found:
                return found.group()
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise RuntimeError(f"no link from run.py lecture:\n"
                           f"{self.log.read_text()[-3000:]}")

    def stop(self, timeout=40):
        """Ctrl+C to run.py, as a teacher would press it; run.py passes
        it on and waits for Voila to shut its kernel down. Returns the
        PIDs of processes that were still there after and were killed."""
        if self.process is None:
            return []
        try:
            tree = [psutil.Process(self.process.pid)]
            tree += tree[0].children(recursive=True)
        except psutil.NoSuchProcess:  # it stopped by itself
            tree = []
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout)  # run.py kills after its GRACE
        gone, alive = psutil.wait_procs(tree, timeout=10)
        for survivor in alive:
            with contextlib.suppress(psutil.NoSuchProcess):
                survivor.kill()
        self.process = None
        return [p.pid for p in alive]


@pytest.fixture(scope="module", params=list(EDITIONS))
def edition(request):
    """The language, and notebook 1 in it."""
    return request.param, EDITIONS[request.param]


def shown_in(language, message):
    """`message` as bplab's catalogue says it in `language`."""
    bplab.set_language(language)
    try:
        return i18n._(message)
    finally:
        bplab.set_language("en")


@pytest.fixture(scope="module")
def lecture_page(request, edition):
    """A page on the lecture's link (one for the module's tests, which
    run in order, per edition); everything stopped afterwards. The log
    is kept in test-artifacts/lecture/ when a test failed or the stop
    did not go cleanly."""
    missing = chromium_missing()  # as conftest.py: fail only under CI
    if missing and os.environ.get("CI") == "true":
        pytest.fail(f"{missing} (CI=true: the browser tests must run)")
    if missing:
        pytest.skip(missing)
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    failed_before = request.session.testsfailed
    tmp = tempfile.mkdtemp(prefix="bplab-lecture-")
    lecture, chromium = Lecture(edition[1], tmp), Chromium(tmp)
    killed = []
    try:
        link = lecture.start()
        chromium.start()
        page = chromium.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(link)
        page.wait_for_selector(".bplab-view .widget-slider",
                               timeout=120_000)
        yield page, errors
    finally:
        try:
            chromium.stop()
        finally:
            killed = lecture.stop()
            if killed or request.session.testsfailed > failed_before:
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                shutil.copy(lecture.log, ARTIFACTS / "lecture.log")
            shutil.rmtree(tmp, ignore_errors=True)
    assert killed == [], (f"lecture did not stop on Ctrl+C: {killed}; "
                          f"log in {ARTIFACTS}")


@pytest.fixture(autouse=True)
def screenshot_on_failure(request):
    """After a failed test, the lecture page's screenshot."""
    yield
    report = getattr(request.node, "report_call", None)
    page = request.node.funcargs.get("lecture_page")
    if report is not None and report.failed and page:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(Exception):
            page[0].screenshot(path=str(ARTIFACTS / f"{request.node.name}"
                                        ".png"), full_page=True)


def first_panel(page):
    """The first LiveView with an x slider, through the harness's Panel."""
    notebook = types.SimpleNamespace(page=page)
    for element in page.query_selector_all(".bplab-view"):
        panel = Panel(notebook, element)
        if "x" in panel.sliders():
            return panel
    raise AssertionError("no view with an x slider in the lecture")


def lines(notebook, cell_type):
    """Distinct stripped lines (20 characters or more) of the notebook's
    cells of one type."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return {line.strip() for cell in cells if cell["cell_type"] == cell_type
            for line in "".join(cell["source"]).splitlines()
            if len(line.strip()) >= 20}


def test_lecture_shows_prose_sliders_and_pictures_but_no_code(
        lecture_page, edition):
    page, errors = lecture_page
    notebook = edition[1]
    assert page.query_selector("h1").inner_text().startswith("1.")
    assert page.query_selector_all(
        ".jp-InputArea-editor, .jp-CodeMirrorEditor, .cm-editor") == []
    text = " ".join(page.inner_text("body").split())
    code = lines(notebook, "code") - lines(notebook, "markdown")
    assert code, "notebook 1 has no code to hide"
    assert [line for line in code if " ".join(line.split()) in text] == []
    headings = kept_headings(notebook)
    assert headings and all(h in text for h in headings)
    assert page.query_selector(".bplab-view .widget-html-content svg")
    assert "Traceback" not in text and errors == []
    for written_for_code in WRITTEN_FOR_CODE[edition[0]]:
        assert written_for_code not in text


WRITTEN_FOR_CODE = {
    "en": ["Exercises", "Not answered yet", "first code cell",
           "Replace the"],
    "zh": ["练习", "还没有作答", "第一个代码单元格", "替换掉"]}


def kept_headings(notebook):
    """The plain ## headings before the exercises (which the lecture
    leaves out)."""
    found = []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])
        cut = EXERCISES.search(text)
        found += [line[3:].strip() for line in
                  text[:cut.start() if cut else None].splitlines()
                  if line.startswith("## ") and not set("$`*_[") & set(line)]
        if cut:
            return found
    return found


def test_moving_a_slider_in_the_lecture_redraws_with_bplabs_numbers(
        lecture_page):
    page, errors = lecture_page
    panel = first_panel(page)
    before = panel.numbers()
    assert "loss" in before
    sliders = panel.sliders()
    sliders["x"].press("ArrowRight", 5)
    values = {name: s.value() for name, s in sliders.items()}
    assert values["x"] != 1.0
    want = bplab.forward(**{n: values[n] for n in
                            ["x", "y", "w1", "w2", "b"]})
    names = [n for n in ["y_hat", "r", "loss"] if n in before]

    def redrawn(now):
        return all(abs(number(now[n]) - getattr(want, n)) < 1e-3
                   for n in names)

    got = panel.wait_for(redrawn)  # the last of the redraws, 15 s at most
    assert redrawn(got), f"at {values} the view shows {got}"
    assert errors == []


def shows(panel, text, timeout=15):
    """Wait until the panel shows `text`; fail if it doesn't."""
    deadline = time.monotonic() + timeout
    while text not in panel.element.inner_text():
        assert time.monotonic() < deadline, (
            f"{text!r} not in {panel.element.inner_text()!r}")
        time.sleep(0.05)


def test_the_share_box_round_trips_in_the_lecture(lecture_page, edition):
    page, errors = lecture_page
    language = edition[0]
    panel = first_panel(page)
    box = panel.element.query_selector("input[type=text]")
    values = {name: s.value() for name, s in panel.sliders().items()}
    assert bplab.ui.share.loads(box.input_value(), list(values)) == values
    box.fill("bplab:x=-1.5,y=0.5,w1=2,w2=-1,b=0.3")
    panel.button("restore").click()
    sliders = panel.sliders()
    shows(panel, shown_in(language, "✓ restored"))
    values = {name: s.value() for name, s in sliders.items()}
    assert {n: values[n] for n in ["x", "y", "w1", "w2", "b"]} == dict(
        x=-1.5, y=0.5, w1=2.0, w2=-1.0, b=0.3)
    box.fill("bplab:x=99")
    panel.button("restore").click()
    lo, hi = (float(sliders["x"].handle.get_attribute(f"aria-value{end}"))
              for end in ("min", "max"))
    shows(panel, "✗ " + shown_in(
        language, "{name}={value} is outside the {name} slider's range "
        "{lo} to {hi}").format(name="x", value="99",
                               lo=bplab.ui.share._number(lo),
                               hi=bplab.ui.share._number(hi)))
    assert sliders["x"].value() == -1.5 and errors == []
