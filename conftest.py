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
