"""Every notebook, opened in JupyterLab in Chromium and used as a learner
would: Run All, no errors, the promised sliders, and every slider moved
by keyboard and by typing, with the view then showing what bplab
computes for the new values."""
import functools
import math
import time
from pathlib import Path

import pytest

import bplab
from bplab import i18n
from bplab.nb2.views import FORMULAS

from expected import (check_values, descent_values, formula_values,
                      mismatches, model7_values, model_values,
                      network_values)
from harness import CHECK, FOLDER, notebook_names, number

pytestmark = pytest.mark.browser

MODEL = ["x", "y", "w1", "w2", "b"]
# The sliders each notebook promises, by its number.
PROMISES = {"01": MODEL, "02": MODEL, "03": MODEL, "05": MODEL,
            "04": ["w1", "w2", "b", "lr"], "06": ["hidden size", "lr"],
            "07": ["x", "y", "a", "w", "c"],
            CHECK: MODEL}


def both_editions(prefix=""):
    """The English notebooks starting with prefix, then their Chinese
    twins in zh/ (the same file names)."""
    return notebook_names(prefix) + sorted(
        f"zh/{p.name}" for p in (FOLDER / "zh").glob(f"{prefix}*.ipynb"))


NAMES = both_editions() + [CHECK]
every_notebook = pytest.mark.parametrize("name", NAMES)


def kind(name):
    """The notebook's number, "01" ... "06", in either edition."""
    return Path(name).name[:2]


def language(name):
    return "zh" if name.startswith("zh/") else "en"


def shown_in(name, message):
    """`message` as the notebook `name` shows it, by bplab's catalogue."""
    bplab.set_language(language(name))
    try:
        return i18n._(message)
    finally:
        bplab.set_language("en")


def promised(name):
    return PROMISES.get(kind(name), PROMISES.get(name))


def model_panels(notebook):
    """Panels whose sliders include x, y, w1, w2 and b."""
    return [p for p in notebook.panels()
            if set(MODEL) <= set(p.sliders())]


def expected_for(notebook, panel, step=None):
    """{data-q name: bplab value} for the sliders as the page shows them;
    where the view counts steps, after `step` steps (default: the step
    the view shows)."""
    values = panel.values()
    if kind(notebook.name) == "07":
        return expected_model7(panel.texts()["y_hat ="],
                               tuple(values.items()))
    if set(MODEL) <= set(values):
        return expected_model(kind(notebook.name), tuple(values.items()),
                              formula_key(notebook.name,
                                          panel.dropdowns().get("formula")))
    if step is None:
        shown = panel.shown()
        step = int(number(shown.get("step", "0")))
        step += "diverged_at" in shown  # the step asked for lies beyond
    return expected_steps(kind(notebook.name), tuple(values.items()), step)


def formula_key(name, label):
    """The formula (its English key) whose dropdown label is `label`."""
    if label is None:
        return None
    keys = {shown_in(name, key): key for key in FORMULAS}
    return keys[label.replace("\xa0", " ")]  # the page's spaces


@functools.lru_cache(maxsize=256)
def expected_model(kind, values, formula):
    """The running example's numbers; kind: the notebook's number."""
    values = dict(values)
    expected = model_values(**{name: values[name] for name in MODEL},
                            h=values.get("h", 1e-5))
    if kind == "03":
        expected.update(check_values(expected))
    if formula:
        expected.update(formula_values(expected, formula))
    return expected


@functools.lru_cache(maxsize=256)
def expected_model7(expression, values):
    """Notebook 7's numbers for the model typed, at the sliders' values."""
    return model7_values(expression, **dict(values))


@functools.lru_cache(maxsize=256)
def expected_steps(kind, values, step):
    """Notebook 4's descent or notebook 6's training after `step` steps."""
    values = dict(values)
    if kind == "04":
        return descent_values(values["w1"], values["w2"], values["b"],
                              values["lr"], step)
    if kind == "06":
        return network_values(int(values["hidden size"]), values["lr"],
                              step)
    raise AssertionError(f"no expected numbers for notebook {kind}'s "
                         f"sliders {list(values)}")


def checked_panels(notebook):
    """Panels whose numbers this suite can compute: model sliders, or
    notebook 4's and 6's descent."""
    if kind(notebook.name) in ("04", "06", "07"):
        want = set(promised(notebook.name))
        return [p for p in notebook.panels() if want <= set(p.sliders())]
    return model_panels(notebook)


def assert_view_matches(notebook, panel, timeout=15, step=None):
    """Wait until the view shows bplab's numbers for the page's sliders
    (after `step` steps); fail naming each number that is wrong."""
    def right(shown):
        return shown and not mismatches(
            shown, expected_for(notebook, panel, step))

    shown = panel.wait_for(right, timeout)
    assert shown, "the view shows no data-q tagged numbers"
    wrong = mismatches(shown, expected_for(notebook, panel, step))
    assert not wrong, (f"{notebook.name}, sliders {panel.values()}: "
                       + "; ".join(wrong))
    return shown


def grid_value(lo, hi, step, fraction):
    """A value on the slider's grid, `fraction` of the way from lo."""
    steps = round((hi - lo) * fraction / step)
    return round(lo + steps * step, 10)


@every_notebook
def test_every_code_cell_runs_without_error(notebook):
    assert notebook.all_ran(), f"cells not run: {notebook.code_prompts()}"
    assert notebook.errors() == []


@every_notebook
def test_slider_panels_have_the_promised_sliders(notebook):
    panels = [p for p in notebook.panels() if p.sliders()]
    assert panels, f"{notebook.name} shows no slider panel"
    want = promised(notebook.name)
    for panel in panels:
        labels = list(panel.sliders())
        assert [label for label in labels if label in want] == want, (
            f"a panel has sliders {labels}, not {want}")


@every_notebook
def test_views_show_what_bplab_computes_at_the_start(notebook):
    panels = checked_panels(notebook)
    assert panels, f"{notebook.name} has no panel with its sliders"
    for panel in panels:
        assert_view_matches(notebook, panel, timeout=5)


@every_notebook
def test_every_slider_moves_by_keyboard_and_by_readout(notebook):
    panels = checked_panels(notebook)
    assert panels, f"{notebook.name} has no panel with its sliders"
    for panel in panels:
        for label, slider in panel.sliders().items():
            if slider.is_log():
                move_log_slider(notebook, panel, slider)
                continue
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


def move_log_slider(notebook, panel, slider):
    """A power-of-ten slider (like h): a key press multiplies or divides
    its value; the readout takes a typed power of ten."""
    before = slider.value()
    slider.press("ArrowLeft")
    if slider.value() == before:  # at its lower end
        slider.press("ArrowRight")
        assert slider.value() > before, slider.label
    else:
        assert slider.value() < before, slider.label
    assert_view_matches(notebook, panel)
    lo = float(slider.handle.get_attribute("aria-valuemin"))
    hi = float(slider.handle.get_attribute("aria-valuemax"))
    target = 10.0 ** round(lo + 0.27 * (hi - lo))
    slider.type(f"{target:g}")
    assert math.isclose(slider.value(), target, rel_tol=1e-6)
    assert_view_matches(notebook, panel)


@every_notebook
def test_a_fast_drag_ends_on_the_final_values(notebook):
    """Issue 6: 60 key presses in about a second; the view then shows the
    final position's numbers and no stale redraw arrives afterwards."""
    panels = checked_panels(notebook)
    assert panels, f"{notebook.name} has no panel with its sliders"
    panel = panels[0]
    label, slider = next(iter(panel.sliders().items()))
    lo, hi, step = slider.bounds()
    slider.type(f"{lo:g}")
    assert_view_matches(notebook, panel)
    panel.watch()
    slider.drag("ArrowRight", 60, seconds=1.0)
    final = slider.value()
    assert math.isclose(final, min(lo + 60 * step, hi), abs_tol=step / 100)
    shown = assert_view_matches(notebook, panel, timeout=30)
    redraws = panel.redraws()
    settled(notebook)
    assert slider.value() == final, f"{label} moved back after the drag"
    assert panel.shown() == shown, "a stale redraw arrived after the drag"
    assert panel.redraws() == redraws, "the view redrew after the drag"


def play_button(panel, icon):
    """The Play widget's button with this icon: play, pause or stop."""
    return panel.element.query_selector(
        f".widget-play button:has(.fa-{icon})")


def settled(notebook):
    """Until the kernel has answered every message the page sent (the
    status bar says Idle after the last answer's outputs arrived)."""
    notebook.wait_kernel_idle(30)


def step_shown(panel):
    return int(number(panel.shown().get("step", "0")))


def play(notebook, panel, ticks):
    """Press play, wait until the view has moved on `ticks` steps or
    more, press pause; the step the view then shows."""
    start = step_shown(panel)
    play_button(panel, "play").click()
    panel.wait_for(lambda shown: int(number(shown.get("step", "0")))
                   >= start + ticks, 30)
    play_button(panel, "pause").click()
    settled(notebook)  # a tick already on its way
    return step_shown(panel)


@pytest.mark.parametrize("name", both_editions("04"))
def test_descent_steps_runs_and_resets(notebook):
    """+1 step, play/pause and reset do what they say: the view shows the
    step reached and bplab's descent after exactly that many steps."""
    panel = checked_panels(notebook)[0]
    sliders = panel.sliders()
    sliders["lr"].type("0.1")
    panel.button("reset").click()
    assert_view_matches(notebook, panel, step=0)
    for step in (1, 2, 3):
        panel.button("+1 step").click()
        assert_view_matches(notebook, panel, step=step)
    reached = play(notebook, panel, 3)
    assert 3 < reached < 100, f"play moved from step 3 to {reached}"
    shown = assert_view_matches(notebook, panel, step=reached)
    settled(notebook)
    assert panel.shown() == shown, "the descent went on after pause"
    panel.button("reset").click()
    assert_view_matches(notebook, panel, step=0)


@pytest.mark.parametrize("name", both_editions("04"))
def test_descent_says_where_a_too_large_lr_diverges(notebook):
    panel = checked_panels(notebook)[0]
    panel.button("reset").click()
    panel.sliders()["lr"].type("0.8")
    play_button(panel, "play").click()
    shown = panel.wait_for(lambda shown: "diverged_at" in shown, 20)
    assert "diverged_at" in shown, "lr = 0.8 did not diverge on the page"
    assert_view_matches(notebook, panel, step=100)
    said = shown_in(notebook.name, "diverged at step {step}: lr too large, "
                    "try below {lr_max}").split("{")[0].strip()
    assert said in panel.element.text_content()
    panel.button("reset").click()
    panel.sliders()["lr"].type("0.1")
    assert_view_matches(notebook, panel, step=0)


@pytest.mark.parametrize("name", both_editions("06"))
def test_network_plays_pauses_and_stops(notebook):
    """Stop goes back to step 0; play trains on (5 steps a tick), pause
    holds; playing on ends at step 300; the view always shows the loss
    bplab's network has after exactly the steps shown."""
    panel = checked_panels(notebook)[0]
    panel.sliders()["hidden size"].type("8")
    panel.sliders()["lr"].type("0.2")
    play_button(panel, "stop").click()
    assert_view_matches(notebook, panel, step=0)
    reached = play(notebook, panel, 10)
    assert 0 < reached < 300 and reached % 5 == 0, reached
    shown = assert_view_matches(notebook, panel, step=reached)
    settled(notebook)
    assert panel.shown() == shown, "training went on after pause"
    play_button(panel, "play").click()
    panel.wait_for(lambda shown: shown.get("step") == "300", 30)
    assert_view_matches(notebook, panel, step=300)


def step_panel(notebook):
    """Notebook 2's panel whose `step` slider walks the backward pass."""
    panels = [p for p in model_panels(notebook) if "step" in p.sliders()]
    assert panels, f"{notebook.name} has no panel with a step slider"
    return panels[0]


@pytest.mark.parametrize("name", both_editions("02"))
def test_backward_steps_add_one_gradient_at_a_time(notebook):
    """step 0: no gradient yet; each step one more node's gradient,
    right by bplab; the last step has every gradient, w1, w2, b's too."""
    panel = step_panel(notebook)
    step = panel.sliders()["step"]
    lo, hi, _ = step.bounds()

    def grads(shown):
        return {name for name in shown if name.startswith("grad.")}

    seen = set()
    for k in range(int(lo), int(hi) + 1):
        step.type(str(k))
        panel.wait_for(lambda shown: len(grads(shown)) == k)
        shown = assert_view_matches(notebook, panel)
        assert len(grads(shown)) == k and seen <= grads(shown), (
            k, sorted(grads(shown)))
        seen = grads(shown)
    assert {"grad.loss", "grad.w1", "grad.w2", "grad.b"} <= seen
    step.type("0")
    panel.wait_for(lambda shown: not grads(shown))
    play_button(panel, "play").click()  # it walks one node a step itself
    deadline = time.monotonic() + 30
    while step.value() < 2:
        assert time.monotonic() < deadline, "play did not walk the backward pass"
        time.sleep(0.1)
    play_button(panel, "pause").click()
    settled(notebook)  # a tick already on its way
    reached = int(step.value())
    panel.wait_for(lambda shown: len(grads(shown)) == reached)
    shown = assert_view_matches(notebook, panel)
    assert len(grads(shown)) == reached


@pytest.mark.parametrize("name", both_editions("02"))
def test_gradient_check_tells_each_formula(notebook):
    """Each formula in the dropdown: its numbers by bplab, and the
    verdict: right for the right one, wrong for every slip."""
    panels = [p for p in model_panels(notebook) if "formula" in
              p.dropdowns()]
    assert panels, f"{notebook.name} has no gradient check dropdown"
    panel = panels[0]
    # x not 0 or 1, where x and x² agree; r = 5.25, not 0.
    for label, value in dict(x=1.5, y=2, w1=1, w2=2, b=2, h=1e-5).items():
        panel.sliders()[label].type(f"{value:g}")
    options = panel.element.eval_on_selector(
        ".widget-dropdown select", "s => [...s.options].map(o => o.text)")
    assert len(options) >= 2
    wrong = shown_in(notebook.name, "✗ wrong")
    good = shown_in(notebook.name, "✓ right")
    for option in options:
        panel.choose("formula", option)
        assert_view_matches(notebook, panel)
        text = panel.element.text_content()
        right = formula_key(notebook.name, option).startswith("right")
        assert (wrong in text) != right, option
        assert (good in text) or not right, option


CJK = "\u4e00-\u9fff"
# Font families that have the Chinese glyphs (Debian's fonts-noto-cjk
# gives the Noto ones).
CJK_FONTS = ("CJK", "Source Han", "WenQuanYi", "Droid Sans Fallback",
             "AR PL", "Hei", "Song", "Ming")


@pytest.mark.parametrize("name", both_editions()[len(notebook_names()):])
def test_chinese_notebooks_show_chinese_words_in_their_views(notebook):
    """The prose, and the views' captions, labels and messages, in
    Chinese (the numbers are checked by the tests above)."""
    import re
    heading = notebook.page.eval_on_selector(  # also when off screen
        ".jp-RenderedMarkdown h1", "e => e.textContent")
    assert re.search(f"[{CJK}]", heading), heading
    views = ""
    for panel in checked_panels(notebook):
        panel.element.scroll_into_view_if_needed()  # JupyterLab renders
        panel.wait_for(bool, 10)                    # only what is on screen
        views += panel.element.text_content()
    assert len(re.findall(f"[{CJK}]", views)) >= 4, views[:300]


@pytest.mark.parametrize("name", both_editions("01")[1:])
def test_the_page_has_a_font_for_the_chinese_text(notebook):
    """Chromium draws the Chinese heading with a font that has its glyphs
    (the DevTools protocol says which fonts drew a node), not with
    missing-glyph boxes; and each Chinese character is as wide as a
    real CJK glyph, 1 em."""
    # Off screen, JupyterLab skips a cell's layout (content-visibility),
    # and a node that was never laid out was drawn with no font at all.
    notebook.page.eval_on_selector(".jp-RenderedMarkdown h1",
                                   "e => e.scrollIntoView()")
    notebook.page.wait_for_function("""() => {
        const r = document.querySelector('.jp-RenderedMarkdown h1')
            .getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; }""")
    cdp = notebook.page.context.new_cdp_session(notebook.page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {
            "nodeId": root, "selector": ".jp-RenderedMarkdown h1"})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode",
                         {"nodeId": node})["fonts"]
    finally:
        cdp.detach()
    used = {f["familyName"]: f["glyphCount"] for f in fonts}
    assert any(any(k.lower() in family.lower() for k in CJK_FONTS)
               and count > 0 for family, count in used.items()), used
    widths = notebook.page.evaluate("""() => {
        const span = document.createElement('span');
        span.style.cssText = 'font: 40px sans-serif; position: absolute';
        document.body.appendChild(span);
        const width = text => { span.textContent = text;
                                return span.getBoundingClientRect().width; };
        const han = width('反向传播');
        span.remove();
        return {han};
    }""")
    assert abs(widths["han"] - 4 * 40) < 4, widths


@pytest.mark.parametrize("name", notebook_names("07"))
def test_your_model_follows_what_is_typed(notebook):
    """Type a model: sliders for its parameters appear; move one: the
    view shows bplab's numbers for that model; a bad text: its error,
    and the sliders stay."""
    panel = checked_panels(notebook)[0]
    panel.type_text("y_hat =", "w*sin(x) + b")
    deadline = time.monotonic() + 15
    while list(panel.sliders()) != ["x", "y", "w", "b"]:
        assert time.monotonic() < deadline, list(panel.sliders())
        time.sleep(0.1)
    assert_view_matches(notebook, panel)
    w = panel.sliders()["w"]
    w.press("ArrowRight", 4)
    shown = assert_view_matches(notebook, panel)
    assert "sympy.w" in shown and "dloss/db" in shown
    panel.type_text("y_hat =", "w*sin(x) +")
    message = panel.element.wait_for_selector(".bplab-model .error")
    assert "cannot read" in message.text_content()
    assert list(panel.sliders()) == ["x", "y", "w", "b"]
    panel.type_text("y_hat =", "a*tanh(w*x) + c")
    deadline = time.monotonic() + 15
    while list(panel.sliders()) != ["x", "y", "a", "w", "c"]:
        assert time.monotonic() < deadline, list(panel.sliders())
        time.sleep(0.1)
    assert_view_matches(notebook, panel)
