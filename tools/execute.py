"""Re-run notebooks top to bottom in a fresh kernel and store the outputs.

    python -m tools.execute notebooks/01_forward.ipynb ...

This is how notebooks are committed: with the outputs of a clean run, so
they read well on GitHub and strict nbval can compare against them. What
would differ run to run is not stored: no execution timestamps; a
stream as one output, however the kernel cut it (nbval joins them too);
no widget state or widget ids (a widget's output keeps its text/html
picture, which is what GitHub, nbviewer and nbconvert show; nbval does
not compare widget ids). Unchanged code gives a byte-identical file.
"""
import os
import sys
import time

import nbformat
from nbclient import NotebookClient

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def execute(path, timeout=300):
    """Run the notebook at `path` in place; return the seconds it took."""
    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                   record_timing=False,
                   resources={"metadata": {"path": os.path.dirname(
                       os.path.abspath(path))}}).execute()
    seconds = time.perf_counter() - start
    nbformat.write(stable(notebook), path)
    return seconds


def stable(notebook):
    """`notebook` without what changes from run to run: timestamps,
    widget state, widget views (their text/html stays)."""
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if "outputs" in cell:
            cell.outputs = joined_streams(cell.outputs)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data and len(data) > 1:
                del data[WIDGET_VIEW]
    return notebook


def joined_streams(outputs):
    """Outputs with each run of stdout (or stderr) pieces as one: how
    the kernel cuts a stream into messages depends on timing."""
    joined = []
    for output in outputs:
        last = joined[-1] if joined else None
        if (output.get("output_type") == "stream" and last is not None
                and last.get("output_type") == "stream"
                and last.get("name") == output.get("name")):
            last["text"] = "".join(last["text"]) + "".join(output["text"])
        else:
            joined.append(output)
    return joined


if __name__ == "__main__":
    for path in sys.argv[1:]:
        print(f"{path}: {execute(path):.1f} s", flush=True)
