"""Run a notebook top to bottom in a fresh kernel, then time its views.

`run` starts the notebook's kernel with nbclient (as `python3 run.py
execute` does), runs every cell and reads the kernel's peak memory
(VmHWM in /proc/<pid>/status) before anything else runs in it. Then, in
that same kernel, benchmarks.kernel times every LiveView the notebook
built and, for notebooks 1-3, the naive baseline beside the main view.
The notebook file itself is not written.
"""
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
import json, sys
sys.path.insert(0, {root!r})
from benchmarks import kernel
result = {{"views": kernel.measure_all({samples}, {seed})}}
if {naive!r}:
    from benchmarks import naive
    widget = naive.naive_widget({number!r})
    result["naive"] = kernel.measure_naive(widget, {naive_samples}, {seed})
    widget.close()
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


def run(path, samples=100, naive_samples=100, seed=0, timeout=600):
    """{notebook, run_s, kernel_start_s, peak_rss_mb, views, naive}."""
    path = Path(path)
    number = path.name[:2]
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook, timeout=timeout, kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}})
    result = {"notebook": path.name, "error": None}
    start = time.perf_counter()
    with client.setup_kernel():
        result["kernel_start_s"] = round(time.perf_counter() - start, 3)
        start = time.perf_counter()
        try:
            for index, cell in enumerate(notebook.cells):
                client.execute_cell(cell, index)
        except Exception as error:  # reported, the others still run
            result["error"] = f"{type(error).__name__}: {error}"[:2000]
            return result
        result["run_s"] = round(time.perf_counter() - start, 3)
        result["peak_rss_mb"] = peak_memory_mb(kernel_pid(client))
        result.update(measure(client, number, samples, naive_samples,
                              seed))
    return result


def measure(client, number, samples, naive_samples, seed):
    """Time the kernel's views (and the naive baseline) in the kernel."""
    with tempfile.TemporaryDirectory(prefix="bplab-bench-") as tmp:
        out = os.path.join(tmp, "result.json")
        code = MEASURE.format(
            root=str(ROOT), samples=samples, seed=seed, out=out,
            naive=number in NAIVE and naive_samples > 0, number=number,
            naive_samples=naive_samples)
        cell = nbformat.v4.new_code_cell(code)
        client.nb.cells.append(cell)
        client.execute_cell(cell, len(client.nb.cells) - 1)
        with open(out) as file:
            return json.load(file)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(json.dumps(run(name, 20, 10), indent=1))
