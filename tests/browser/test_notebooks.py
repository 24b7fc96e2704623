"""Every notebook, opened in JupyterLab in Chromium and used as a learner
would: Run All, no errors, the promised sliders, and every slider moved
by keyboard and by typing, with the view then showing what bplab
computes for the new values."""
import math
import time

import pytest

from expected import mismatches, model_values
from harness import CHECK, NOTEBOOKS, ROOT

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"

MODEL = ["x", "y", "w1", "w2", "b"]
# The sliders each notebook promises, by its number.
PROMISES = {"01": MODEL, "02": MODEL, "03": MODEL, "05": MODEL,
            "04": ["w1", "w2", "b", "lr"], "06": ["hidden size", "lr"],
            CHECK: MODEL}
NAMES = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) + [CHECK]


def promised(name):
    return PROMISES.get(name[:2], PROMISES.get(name))


@pytest.fixture(scope="module", params=NAMES)
def notebook(request, lab):
    """The notebook opened with ?reset after Run All, one page per
    notebook shared by its tests; its kernel shut down afterwards."""
    notebook = None
    try:
        notebook = lab.open(request.param, run=False)
        notebook.run_all()
    except Exception:
        if notebook is not None and notebook.page is not None:
            notebook.save_artifacts(ARTIFACTS, f"{request.param}-open")
        raise
    yield notebook
    notebook.close()


def model_panels(notebook):
    """Panels whose sliders include x, y, w1, w2 and b."""
    return [p for p in notebook.panels()
            if set(MODEL) <= set(p.sliders())]


def slider_values(panel):
    return {label: s.value() for label, s in panel.sliders().items()}


def expected_for(notebook, panel):
    """{data-q name: bplab value} for the sliders as the page shows them."""
    values = slider_values(panel)
    return model_values(**{name: values[name] for name in MODEL})


def assert_view_matches(notebook, panel, timeout=15):
    """Wait until the view shows bplab's numbers for the page's sliders;
    fail naming each number that is wrong."""
    def right(shown):
        return shown and not mismatches(shown, expected_for(notebook, panel))

    shown = panel.wait_for(right, timeout)
    assert shown, "the view shows no data-q tagged numbers"
    wrong = mismatches(shown, expected_for(notebook, panel))
    assert not wrong, (f"{notebook.name}, sliders {slider_values(panel)}: "
                       + "; ".join(wrong))
    return shown


def grid_value(lo, hi, step, fraction):
    """A value on the slider's grid, `fraction` of the way from lo."""
    steps = round((hi - lo) * fraction / step)
    return round(lo + steps * step, 10)


def test_every_code_cell_runs_without_error(notebook):
    assert notebook.all_ran(), f"cells not run: {notebook.code_prompts()}"
    assert notebook.errors() == []


def test_slider_panels_have_the_promised_sliders(notebook):
    panels = [p for p in notebook.panels() if p.sliders()]
    assert panels, f"{notebook.name} shows no slider panel"
    want = promised(notebook.name)
    for panel in panels:
        assert list(panel.sliders()) == want


def test_views_show_what_bplab_computes_at_the_start(notebook):
    panels = model_panels(notebook)
    if not panels:
        pytest.skip(f"{notebook.name} has no x, y, w1, w2, b panel")
    for panel in panels:
        assert_view_matches(notebook, panel, timeout=5)


def test_every_slider_moves_by_keyboard_and_by_readout(notebook):
    panels = model_panels(notebook)
    if not panels:
        pytest.skip(f"{notebook.name} has no x, y, w1, w2, b panel")
    for panel in panels:
        for label, slider in panel.sliders().items():
            lo, hi, step = slider.bounds()
            before = slider.value()
            key = "ArrowRight" if before + 3 * step <= hi else "ArrowLeft"
            slider.press(key, 3)
            moved = 3 * step if key == "ArrowRight" else -3 * step
            assert math.isclose(slider.value(), before + moved,
                                abs_tol=step / 100), label
            assert_view_matches(notebook, panel)
            target = grid_value(lo, hi, step, 0.27)
            slider.type(f"{target:g}")
            assert math.isclose(slider.value(), target, abs_tol=step / 100)
            assert_view_matches(notebook, panel)


def test_a_fast_drag_ends_on_the_final_values(notebook):
    """Issue 6: 60 key presses in about a second; the view then shows the
    final position's numbers and no stale redraw arrives afterwards."""
    panels = model_panels(notebook)
    if not panels:
        pytest.skip(f"{notebook.name} has no x, y, w1, w2, b panel")
    panel = panels[0]
    x = panel.sliders()["x"]
    lo, hi, step = x.bounds()
    x.type(f"{lo:g}")
    assert_view_matches(notebook, panel)
    panel.watch()
    start = time.monotonic()
    x.press("ArrowRight", 60, delay=12)
    seconds = time.monotonic() - start
    final = x.value()
    assert math.isclose(final, min(lo + 60 * step, hi), abs_tol=step / 100)
    shown = assert_view_matches(notebook, panel)
    redraws = panel.redraws()
    time.sleep(1)
    assert x.value() == final, "the slider moved back after the drag"
    assert panel.shown() == shown, "a stale redraw arrived after the drag"
    assert panel.redraws() == redraws
    assert seconds < 3, f"60 key presses took {seconds:.1f} s"
