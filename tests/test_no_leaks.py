"""No view leaks: 1,000 slider changes leave figures and memory flat.

Each notebook runs top to bottom in its own kernel; then, in that
kernel, every LiveView it built gets 1,000 slider changes of varied
values (after a warm-up), and benchmarks.kernel.memory() is read before
and after: open matplotlib figures, the kernel's resident memory (RSS)
and Python's count of allocated memory blocks. bplab's functools caches
are emptied before each reading (they are bounded by design); anything
else a redraw keeps would pile up here.
"""
import sys
from pathlib import Path

import matplotlib
import pytest

from bplab.ui.controls import model_sliders
from bplab.ui.liveview import LiveView

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks import kernel  # noqa: E402
from benchmarks.notebooks import ran, result_of  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CHANGES, WARMUP = 1000, 1000
RSS_MIB = 8    # allowed growth of resident memory over 1,000 changes
BLOCKS = 500   # fewer new blocks than half the changes: none kept per change


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=lambda p: p.name)
def leaks(request):
    """[kernel.leaks(view) for every LiveView] of one notebook."""
    code = ("from benchmarks import kernel\n"
            f"result = [kernel.leaks(v, {CHANGES}, {WARMUP}) "
            "for v in kernel.live_views()]")
    with ran(request.param) as (client, _):
        return result_of(client, code)


def test_every_notebook_builds_a_live_view(leaks):
    assert leaks, "no LiveView found: nothing was checked"


def test_every_change_redraws_without_error(leaks):
    for view in leaks:
        assert (view["changes"], view["errors"]) == (CHANGES, 0), view


def test_no_figure_is_left_open(leaks):
    for view in leaks:
        assert view["after"]["figures"] == view["before"]["figures"], view


def test_resident_memory_stays_flat(leaks):
    for view in leaks:
        grown = view["after"]["rss_mib"] - view["before"]["rss_mib"]
        assert grown <= RSS_MIB, f"{view['view']}: RSS grew {grown:.1f} MiB"


def test_no_python_objects_pile_up(leaks):
    for view in leaks:
        grown = view["after"]["blocks"] - view["before"]["blocks"]
        assert grown < BLOCKS, (f"{view['view']}: {grown} more memory "
                                f"blocks after {CHANGES} changes")


# The check itself can fail: views that leak, run here in this process.
KEPT = []


def keeping_view(x, y, w1, w2, b):
    """A view that keeps something on every redraw."""
    KEPT.append((x, y, w1, w2, b))
    return f"<p>{len(KEPT)}</p>"


def figure_view(x, y, w1, w2, b):
    """A view that opens a figure on every redraw and never closes it."""
    import matplotlib.pyplot as plt
    plt.figure()
    return "<p>a figure left open</p>"


def test_a_view_that_keeps_objects_is_caught():
    found = kernel.leaks(LiveView(keeping_view, model_sliders()),
                         CHANGES, 50)
    assert found["after"]["blocks"] - found["before"]["blocks"] >= BLOCKS


def test_a_view_that_leaves_figures_open_is_caught():
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    try:
        found = kernel.leaks(LiveView(figure_view, model_sliders()), 15, 2)
        assert found["after"]["figures"] - found["before"]["figures"] == 15
    finally:
        plt.close("all")
