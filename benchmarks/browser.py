"""In JupyterLab in headless Chromium: key press to new picture on screen.

For the main view of notebooks 1-3 (the first panel with sliders x, y,
w1, w2 and b) and for the same view written the naive way (a notebook
generated here from benchmarks/naive.py), the page itself measures each
sample: a capture-phase keydown listener notes performance.now() when
ArrowRight (or ArrowLeft, to stay in range) reaches the focused slider
handle; a MutationObserver on the view's output waits for the new
picture (bplab: the HTML changed; naive: a new <img> arrived), every
image in it is decoded, and the time is read in the next animation
frame. A LiveView that shows one number gives the floor: what the
widget round trip alone costs here. A press is "held" when the
kernel's answer reaches the page in two bursts more than HELD_MS
apart (the page notes when each websocket message arrives): what
Nagle's algorithm on a kernel websocket without TCP_NODELAY does
(bplab/ui/nodelay.py), or a page too busy to read its socket. JupyterLab, Chromium and the
kernels come from the browser suite's harness (tests/browser/harness.py)
and are all stopped after.
"""
import inspect
import sys
import time
from pathlib import Path

import nbformat

from . import naive
from .stats import summary

ROOT = Path(__file__).resolve().parents[1]
MODEL = ("x", "y", "w1", "w2", "b")
MAIN = ("01", "02", "03")
HELD_MS = 30
# Before any page script: note when each websocket message arrives.
ARRIVALS = """(() => {
    const arrivals = window.__arrivals = [];
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
        constructor(...args) {
            super(...args);
            this.addEventListener('message',
                                  () => arrivals.push(performance.now()));
        }
    };
})()"""

ARM = """(root, kind) => {
    const target = root.querySelector(
        kind === 'html' ? '.widget-html-content' : '.widget-output');
    const html = target.innerHTML;
    const images = new Set(target.querySelectorAll('img'));
    const state = window.__bench = {t0: null, dom: null, t1: null,
                                    done: false};
    const onKey = () => { if (state.t0 === null)
                              state.t0 = performance.now(); };
    document.addEventListener('keydown', onKey, {capture: true});
    const changed = () => kind === 'html' ? target.innerHTML !== html
        : [...target.querySelectorAll('img')].some(i => !images.has(i));
    const observer = new MutationObserver(async () => {
        if (state.t0 === null || state.dom !== null || !changed()) return;
        state.dom = performance.now();
        observer.disconnect();
        document.removeEventListener('keydown', onKey, {capture: true});
        await Promise.all([...target.querySelectorAll('img')].map(
            i => i.decode().catch(() => null)));
        requestAnimationFrame(() => {
            state.t1 = performance.now();
            state.done = true;
        });
    });
    observer.observe(target, {childList: true, subtree: true,
                              characterData: true, attributes: true});
}"""


def harness():
    """The browser suite's harness module (tests/browser/harness.py)."""
    folder = str(ROOT / "tests" / "browser")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    import harness
    return harness


def naive_notebook(number):
    """A notebook with notebook `number`'s view written the naive way:
    naive.py's source, then interact on its function."""
    cells = [nbformat.v4.new_code_cell(inspect.getsource(naive)),
             nbformat.v4.new_code_cell(
                 f"_ = interact(NAIVE[{number!r}], **SLIDERS)")]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3 (ipykernel)",
        "language": "python"}
    return notebook


FLOOR = """\
from bplab.ui.controls import model_sliders
from bplab.ui.liveview import LiveView


def floor(x, y, w1, w2, b):
    return f"<p>x = {x:.2f}</p>"


LiveView(floor, model_sliders())"""


def floor_notebook():
    """The round trip's floor: a LiveView that shows one number."""
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(FLOOR)])
    notebook.metadata["kernelspec"] = naive_notebook("01").metadata[
        "kernelspec"]
    return notebook


def sample(page, root, kind, slider, key, timeout=30):
    """One key press on `slider`: ms to the DOM change and to the
    picture on screen, and whether the answer was held."""
    root.evaluate(ARM, kind)
    slider.handle.press(key)
    page.wait_for_function("() => window.__bench.done",
                           timeout=timeout * 1000)
    t0, dom, t1, arrivals = page.evaluate(
        "() => [__bench.t0, __bench.dom, __bench.t1, window.__arrivals"
        " || []]")
    return dom - t0, t1 - t0, held(arrivals, t0, dom)


def held(arrivals, t0, dom):
    """Whether the messages that came between the key press and the
    new picture came in bursts more than HELD_MS apart."""
    times = sorted(t for t in arrivals if t0 <= t <= dom)
    return any(b - a > HELD_MS for a, b in zip(times, times[1:]))


def press_run(page, root, kind, slider, n, warmup=5, pause=0.05):
    """n timed key presses on `slider` after `warmup`: 20 to the right,
    20 back to the left, and so on (x moves between 1 and 3)."""
    slider.handle.focus()
    dom, screen, holds = [], [], 0
    for k in range(warmup + n):
        key = "ArrowLeft" if (k // 20) % 2 else "ArrowRight"
        to_dom, to_screen, was_held = sample(page, root, kind, slider, key)
        if k >= warmup:
            dom.append(to_dom)
            screen.append(to_screen)
            holds += was_held
        time.sleep(pause)
    return {**summary(screen), "dom": summary(dom), "held": holds}


def main_panel(notebook):
    """The first LiveView with sliders x, y, w1, w2 and b."""
    for panel in notebook.panels():
        if set(MODEL) <= set(panel.sliders()):
            return panel
    raise LookupError(f"{notebook.name}: no view with sliders {MODEL}")


def measure_view(session, name, n):
    notebook = session.open(name)
    try:
        if notebook.errors():
            raise RuntimeError(f"{name}: {notebook.errors()[0][:500]}")
        panel = main_panel(notebook)
        slider = panel.sliders()["x"]
        return press_run(notebook.page, panel.element, "html", slider, n)
    finally:
        notebook.close()


def measure_naive(session, name, n):
    notebook = session.open(name)
    try:
        if notebook.errors():
            raise RuntimeError(f"{name}: {notebook.errors()[0][:500]}")
        page = notebook.page
        root = page.wait_for_selector(".widget-interact")
        page.wait_for_selector(".widget-interact .widget-output img")
        slider = next(s for s in (harness().Slider(page, e) for e in
                                  root.query_selector_all(".widget-slider"))
                      if s.label == "x")
        return press_run(page, root, "image", slider, n)
    finally:
        notebook.close()


def notebook_names(notebooks, numbers=None):
    """{"01": "01_forward.ipynb", ...} for notebooks 1-3 that exist (and
    are among `numbers`, if given)."""
    found = {p.name[:2]: p.name for p in Path(notebooks).glob("*.ipynb")}
    return {number: found[number] for number in MAIN if number in found
            and (not numbers or number in numbers)}


def run(n=40, notebooks=ROOT / "notebooks", numbers=None, log=print):
    """{"01": {"view": {...}, "naive": {...}}, ..., "floor": {...}} or
    {"skipped": why}; "floor": a LiveView showing one number, what the
    widget round trip alone costs here."""
    h = harness()
    missing = h.chromium_missing()
    if missing:
        return {"skipped": missing}
    names = notebook_names(notebooks, numbers)
    extra = {f"_naive_{number}.ipynb": naive_notebook(number)
             for number in names}
    extra["_floor.ipynb"] = floor_notebook()
    results = {}
    with h.lab_session(notebooks, extra=extra) as session:
        session.chromium.browser.contexts[0].add_init_script(ARRIVALS)
        for number, name in names.items():
            results[number] = {"notebook": name}
            for kind, measure, file in (
                    ("view", measure_view, name),
                    ("naive", measure_naive, f"_naive_{number}.ipynb")):
                log(f"browser: {file} ({kind}), {n} key presses")
                try:
                    results[number][kind] = measure(session, file, n)
                except Exception as error:
                    results[number][kind] = failed(error)
        log(f"browser: _floor.ipynb, {n} key presses")
        try:
            results["floor"] = measure_view(session, "_floor.ipynb", n)
        except Exception as error:
            results["floor"] = failed(error)
    results["without_nodelay"] = without_nodelay(
        notebooks, names, extra, n, log)
    return results


def without_nodelay(notebooks, names, extra, n, log):
    """The first main view and the floor again, in a lab without
    bplab's TCP_NODELAY extension: what the fix changes."""
    found = {}
    with harness().lab_session(notebooks, extra=extra,
                               nodelay=False) as session:
        session.chromium.browser.contexts[0].add_init_script(ARRIVALS)
        for key, file in [*list(names.items())[:1],
                          ("floor", "_floor.ipynb")]:
            log(f"browser, no TCP_NODELAY: {file}, {n} key presses")
            try:
                found[key] = measure_view(session, file, n)
            except Exception as error:
                found[key] = failed(error)
    return found


def failed(error):
    return {"error": f"{type(error).__name__}: {error}"[:1000]}
