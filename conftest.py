"""Keeps Jupyter, IPython and matplotlib state of every test run out of
the home directory, before nbval starts any kernel."""
import os
import tempfile

STATE = ["JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR",
         "IPYTHONDIR", "MPLCONFIGDIR"]


def pytest_configure(config):
    root = tempfile.mkdtemp(prefix="bplab-test-state-")
    for name in STATE:
        os.environ.setdefault(name, os.path.join(root, name.lower()))


def pytest_report_header(config):
    """Say once, at the top of the run, why browser tests will skip."""
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).parent / "tests" / "browser"))
    from harness import chromium_missing
    reason = chromium_missing()
    if reason and os.environ.get("CI") != "true":
        return [f"browser tests (tests/browser) will be skipped: {reason}"]
    return []
