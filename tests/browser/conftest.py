"""Fixtures of the browser suite: one JupyterLab + Chromium per run.

The tests skip, saying why, where Chromium is missing; under CI=true a
missing browser fails them instead. On failure a screenshot and the
page's console errors go to test-artifacts/ (git ignores it).
"""
import os
import re

import psutil
import pytest

from harness import (CHECK, ROOT, Notebook, check_notebook, chromium_missing,
                     lab_session)

ARTIFACTS = ROOT / "test-artifacts"


def children():
    """PIDs of every live process this pytest process started."""
    found = set()
    for child in psutil.Process().children(recursive=True):
        try:
            if child.status() != psutil.STATUS_ZOMBIE:
                found.add((child.pid, " ".join(child.cmdline()[:3])))
        except psutil.NoSuchProcess:
            pass
    return found


@pytest.fixture(scope="module")
def lab():
    """A harness.Session: JupyterLab on a temporary copy of notebooks/
    (plus the check notebook) and headless Chromium. On the way out,
    asserts that no process the suite started is still running."""
    reason = chromium_missing()
    if reason and os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run)")
    if reason:
        pytest.skip(reason)
    before = children()
    with lab_session(extra={CHECK: check_notebook()}) as session:
        yield session
    left = children() - before
    assert not left, f"processes outlived the browser suite: {left}"


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
