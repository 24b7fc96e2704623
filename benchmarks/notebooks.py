"""Run a notebook top to bottom in a fresh kernel, then time its views.

`run` starts the notebook's kernel with nbclient (as `python3 run.py
execute` does), runs every cell and reads the kernel's peak memory
(VmHWM in /proc/<pid>/status) before anything else runs in it. Then, in
that same kernel, benchmarks.kernel times every LiveView the notebook
built and, for notebooks 1-3, the naive baseline beside the main view.
The notebook file itself is not written.
"""
import contextlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NAIVE = ("01", "02", "03")

MEASURE = """\
from benchmarks import kernel
result = {{"views": kernel.measure_all({samples}, {seed})}}
if {naive!r}:
    from benchmarks import naive
    widget = naive.naive_widget({number!r})
    result["naive"] = kernel.measure_naive(widget, {naive_samples}, {seed})
    widget.close()
"""
RESULT = """\
import json, sys
sys.path.insert(0, {root!r})
{code}
with open({out!r}, "w") as file:
    json.dump(result, file)
"""


def peak_memory_mb(pid):
    """The process's peak resident memory (VmHWM), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def kernel_pid(client):
    provisioner = getattr(client.km, "provisioner", None)
    return getattr(provisioner, "pid", None)


@contextlib.contextmanager
def ran(path, timeout=600):
    """Yield (nbclient client, {kernel_start_s, run_s, peak_rss_mb}) once
    the notebook at `path` ran top to bottom in a new kernel (cwd: its
    folder); the kernel is shut down on the way out."""
    path = Path(path)
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook, timeout=timeout, kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    with client.setup_kernel():
        cost = {"kernel_start_s": round(time.perf_counter() - start, 3)}
        start = time.perf_counter()
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index)
        cost["run_s"] = round(time.perf_counter() - start, 3)
        cost["peak_rss_mb"] = peak_memory_mb(kernel_pid(client))
        yield client, cost


def result_of(client, code):
    """Run `code` in the client's kernel (the repo importable there);
    return the JSON-able `result` it leaves."""
    with tempfile.TemporaryDirectory(prefix="bplab-bench-") as tmp:
        out = os.path.join(tmp, "result.json")
        cell = nbformat.v4.new_code_cell(
            RESULT.format(root=str(ROOT), code=code, out=out))
        client.nb.cells.append(cell)
        client.execute_cell(cell, len(client.nb.cells) - 1)
        with open(out) as file:
            return json.load(file)


def run(path, samples=100, naive_samples=100, seed=0):
    """{notebook, error, kernel_start_s, run_s, peak_rss_mb, views,
    naive}: the notebook's cost, then its views timed in its kernel."""
    number = Path(path).name[:2]
    result = {"notebook": Path(path).name, "error": None}
    code = MEASURE.format(
        samples=samples, seed=seed, number=number,
        naive=number in NAIVE and naive_samples > 0,
        naive_samples=naive_samples)
    try:
        with ran(path) as (client, cost):
            result.update(cost)
            result.update(result_of(client, code))
    except Exception as error:  # reported; the other notebooks still run
        result["error"] = f"{type(error).__name__}: {error}"[:2000]
    return result


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(json.dumps(run(name, 20, 10), indent=1))
