"""Fixtures of the browser suite: one JupyterLab + Chromium per run.

The tests skip, saying why, where Chromium is missing; under CI=true a
missing browser fails them instead. On failure a screenshot and the
page's console errors go to test-artifacts/browser/ (git ignores it).

Tests take a notebook by file name (`@pytest.mark.parametrize("name",
...)` and the `notebook` fixture); they are run grouped by notebook, so
each notebook is opened and Run All once and its tests share the page,
in the order they are written.
"""
import os
import shutil

import psutil
import pytest

from harness import (CHECK, FOLDER, ROOT, Notebook, check_notebook,
                     chromium_missing, lab_session)

ARTIFACTS = ROOT / "test-artifacts" / "browser"


def children():
    """(PID, command) of every live process this pytest process started."""
    found = set()
    for child in psutil.Process().children(recursive=True):
        try:
            if child.status() != psutil.STATUS_ZOMBIE:
                found.add((child.pid, " ".join(child.cmdline()[:4])))
        except psutil.NoSuchProcess:
            pass
    return found


@pytest.fixture(scope="session")
def lab():
    """A harness.Session: JupyterLab on a temporary copy of the notebooks
    (plus the check notebook) and headless Chromium. On the way out,
    asserts that no process the suite started is still running."""
    reason = chromium_missing()
    if reason and os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run)")
    if reason:
        pytest.skip(reason)
    shutil.rmtree(ARTIFACTS, ignore_errors=True)  # only this run's failures
    before, committed = children(), fingerprint(FOLDER)
    with lab_session(FOLDER, extra={CHECK: check_notebook()}) as session:
        yield session
    left = children() - before
    assert not left, f"processes outlived the browser suite: {left}"
    assert fingerprint(FOLDER) == committed, "the notebooks were written"


def fingerprint(folder):
    """{file name: (size, mtime)} of the notebooks in `folder`."""
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.glob("*.ipynb"))}


class Opener:
    """Keeps one notebook open at a time; opening another closes it."""

    def __init__(self, lab):
        self.lab, self.current, self.failed = lab, None, {}

    def get(self, name):
        if name in self.failed:
            raise RuntimeError(f"{name} did not open: {self.failed[name]}")
        if self.current is not None and self.current.name == name:
            return self.current
        self.close()
        notebook = Notebook(self.lab, name)
        try:
            notebook.open()
            notebook.run_all()
        except Exception as error:
            self.failed[name] = error
            if notebook.page is not None:
                notebook.save_artifacts(ARTIFACTS, f"{name}-open")
                notebook.close()
            raise
        self.current = notebook
        return notebook

    def close(self):
        if self.current is not None:
            current, self.current = self.current, None
            current.close()


@pytest.fixture(scope="session")
def opener(lab):
    opener = Opener(lab)
    yield opener
    opener.close()


@pytest.fixture
def notebook(name, opener):
    """The notebook `name`, opened with ?reset after Run All; the page is
    shared by all tests of that notebook."""
    return opener.get(name)


def pytest_collection_modifyitems(items):
    """Group the tests that use `notebook` by notebook name, in the slots
    they already hold; the written order stays within each group."""
    slots = [i for i, item in enumerate(items)
             if "notebook" in getattr(item, "fixturenames", ())
             and "name" in getattr(getattr(item, "callspec", None),
                                   "params", {})]
    ordered = sorted((items[i] for i in slots),
                     key=lambda item: item.callspec.params["name"])
    for slot, item in zip(slots, ordered):
        items[slot] = item


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(autouse=True)
def artifacts(request):
    """After a failed test, save artifacts of every notebook it used."""
    yield
    report = getattr(request.node, "report_call", None)
    if report is None or not report.failed:
        return
    for value in request.node.funcargs.values():
        if isinstance(value, Notebook) and value.page is not None:
            value.save_artifacts(ARTIFACTS, request.node.name)
