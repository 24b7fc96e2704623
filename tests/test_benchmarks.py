"""The benchmark harness runs (short mode) and writes what it promises.

No timing is asserted here: times live in benchmarks/results/, not in
tests. One short run, kernel side only, on a throwaway notebook with one
LiveView of the running example (the browser harness's check notebook).
"""
import json
import subprocess
import sys
from pathlib import Path

import ipywidgets as widgets
import nbformat
import pytest

from bplab.ui.controls import model_sliders

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "browser")]
from benchmarks import kernel, report, stats  # noqa: E402
from benchmarks.browser import naive_notebook  # noqa: E402
from harness import check_notebook  # noqa: E402

SAMPLES, NAIVE = 6, 3


@pytest.fixture(scope="module")
def short_run(tmp_path_factory):
    """(result dict, markdown) of `python -m benchmarks.run --short`."""
    tmp = tmp_path_factory.mktemp("bench")
    folder, out = tmp / "notebooks", tmp / "out"
    folder.mkdir()
    nbformat.write(check_notebook(), folder / "01_check.ipynb")
    subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--short",
         "--samples", str(SAMPLES), "--naive-samples", str(NAIVE),
         "--folder", str(folder), "--out", str(out)],
        cwd=ROOT, check=True, capture_output=True, timeout=600)
    return (json.loads((out / "latest.json").read_text()),
            (out / "latest.md").read_text())


def is_time(summary, n):
    """A summary of n positive times, ordered min <= median <= p90 <= max."""
    return (summary["n"] == n and 0 < summary["min_ms"]
            <= summary["median_ms"] <= summary["p90_ms"]
            <= summary["max_ms"])


def test_the_run_names_its_date_and_machine(short_run):
    result, _ = short_run
    assert result["mode"] == "short"
    assert result["date"].endswith("+00:00")
    machine = result["machine"]
    assert machine["cpus"] >= 1 and machine["memory_gib"] > 0
    assert {"cpu", "gpu", "python", "torch"} <= set(machine)


def test_every_view_of_the_notebook_is_timed(short_run):
    result, _ = short_run
    (run,) = result["notebooks"]
    assert run["error"] is None and run["notebook"] == "01_check.ipynb"
    (view,) = run["views"]
    assert view["view"].endswith(".view") and view["main"]
    assert view["controls"] == ["x", "y", "w1", "w2", "b"]
    assert view["errors"] == 0 and is_time(view, SAMPLES)
    assert is_time(view["model"], SAMPLES)


def test_the_naive_baseline_is_timed_beside_it(short_run):
    result, _ = short_run
    (run,) = result["notebooks"]
    assert run["naive"]["errors"] == 0 and is_time(run["naive"], NAIVE)


def test_start_up_and_cost_are_measured(short_run):
    result, _ = short_run
    (run,) = result["notebooks"]
    assert run["run_s"] > 0 and run["kernel_start_s"] > 0
    assert run["peak_rss_mb"] > 10  # a Python kernel is never smaller
    assert result["import_bplab"]["median_s"] > 0
    assert result["import_bplab"]["torch_imported"] is False
    assert "skipped" in result["browser"]
    assert "skipped" in result["nbval_suite"]


def test_every_target_is_listed_with_its_limit(short_run):
    result, _ = short_run
    names = [t["target"] for t in result["targets"]]
    assert any(n.startswith("kernel median, 01") for n in names)
    assert "kernel vs naive, 01 main view" in names
    assert {"import bplab", "strict nbval suite"} <= set(names)
    for t in result["targets"]:
        assert t["limit"].startswith(("<=", ">="))
        assert t["met"] in (True, False, None)
    suite = next(t for t in result["targets"]
                 if t["target"] == "strict nbval suite")
    assert suite["met"] is None  # not measured in a short run


def test_the_markdown_table_shows_every_view(short_run):
    result, table = short_run
    assert result["date"] in table
    assert f"{result['machine']['cpus']} cores" in table
    assert "| target | measured | limit |" in table
    view = result["notebooks"][0]["views"][0]["view"]
    assert f"| 01 | {report.short(dict(view=view))} |" in table
    assert "| 01_check.ipynb top to bottom |" in table


def test_percentiles_interpolate():
    assert stats.percentile([1, 2, 3, 4, 5], 0.5) == 3
    assert stats.percentile(list(range(11)), 0.9) == pytest.approx(9)
    assert stats.summary([3.0, 1.0, 2.0])["median_ms"] == 2.0
    assert stats.summary([])["median_ms"] is None


def test_changes_move_one_control_to_a_new_value_on_its_grid():
    controls = model_sliders()
    controls["formula"] = widgets.Dropdown(options=["a", "b", "c"])
    controls["h"] = widgets.FloatLogSlider(1e-5, min=-10, max=0, step=1)
    controls["go"] = widgets.Button(description="go")
    moves = kernel.changes(controls, 300, seed=1)
    assert len(moves) == 300
    assert {name for name, _ in moves} == {"x", "y", "w1", "w2", "b",
                                           "formula", "h"}
    now = {name: kernel.current(c) for name, c in controls.items()
           if kernel.movable(c)}
    for name, value in moves:
        assert value != now[name]
        assert value in kernel.grid(controls[name])
        now[name] = value
    assert kernel.changes(controls, 50, seed=1) == moves[:50]


def test_ratio_and_targets_say_met_missed_or_not_measured():
    assert report.ratio({"median_ms": 60}, {"median_ms": 2}) == 30
    assert report.ratio(None, {"median_ms": 2}) is None
    assert report.target("t", 10, 15)["met"] is True
    assert report.target("t", 20, 15)["met"] is False
    assert report.target("t", 2.5, 3, at_most=False)["met"] is False
    assert report.target("t", None, 3)["met"] is None


def test_the_naive_notebook_is_interact_with_a_figure_per_change():
    notebook = naive_notebook("02")
    source = "\n".join(cell.source for cell in notebook.cells)
    assert "plt.subplots(" in source and "plt.show()" in source
    assert notebook.cells[-1].source == (
        "_ = interact(NAIVE['02'], **SLIDERS)")
