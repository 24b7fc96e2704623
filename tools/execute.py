"""Re-run notebooks top to bottom in a fresh kernel and store the outputs.

    python -m tools.execute notebooks/01_forward.ipynb ...

This is how notebooks are committed: with the outputs of a clean run, so
they read well on GitHub and strict nbval can compare against them.
"""
import os
import sys
import time

import nbformat
from nbclient import NotebookClient


def execute(path, timeout=300):
    """Run the notebook at `path` in place; return the seconds it took."""
    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": os.path.dirname(
                       os.path.abspath(path))}}).execute()
    seconds = time.perf_counter() - start
    nbformat.write(notebook, path)
    return seconds


if __name__ == "__main__":
    for path in sys.argv[1:]:
        print(f"{path}: {execute(path):.1f} s", flush=True)
