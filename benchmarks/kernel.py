"""Inside a kernel: how fast each LiveView answers a slider change.

Run in the kernel of a notebook that has just run top to bottom:
`live_views()` finds every LiveView the notebook built (in the order it
built them), `changes` draws varied slider values for one, and `timed`
moves the controls as a learner would (control.value = new value) and
times each change until the view's outputs are all set. LiveView redraws
synchronously inside that assignment, so the time covers the view
function, the new HTML value and its message to the front end.
`leaks` reads memory() (open figures, RSS, Python's allocated blocks)
before and after many changes, for tests/test_no_leaks.py.
"""
import gc
import random
import sys
import time

from ipywidgets import FloatLogSlider

try:  # every widget alive, in the order made (ipywidgets 8)
    from ipywidgets.widgets.widget import _instances
except ImportError:  # elsewhere: found by the garbage collector
    _instances = None

from bplab.ui.liveview import LiveView

from .stats import summary

MODEL = ("x", "y", "w1", "w2", "b")


def live_views():
    """Every LiveView alive in this kernel, oldest first."""
    found = (list(_instances.values()) if _instances is not None
             else gc.get_objects())
    return [w for w in found if isinstance(w, LiveView)]


def view_name(live):
    """The view function's dotted name, e.g. bplab.nb1.views.view."""
    view = live.view
    return f"{view.__module__}.{getattr(view, '__qualname__', view)}"


def is_model_view(live):
    """True for a view with sliders x, y, w1, w2 and b."""
    return set(MODEL) <= set(live.controls)


def movable(control):
    """True for a control a learner moves to a value (not a button)."""
    return hasattr(control, "value") and (
        hasattr(control, "options") or hasattr(control, "max")
        or isinstance(control.value, bool))


def grid(control):
    """Every value `control` can take (a slider: its steps)."""
    if hasattr(control, "options"):
        return list(range(len(control.options)))  # as indices
    if isinstance(control.value, bool):
        return [False, True]
    lo, hi = control.min, control.max
    step = getattr(control, "step", None) or (
        1 if isinstance(control.value, int) else (hi - lo) / 100)
    count = int(round((hi - lo) / step)) + 1
    values = [lo + k * step for k in range(count)]
    if isinstance(control, FloatLogSlider):
        return [control.base ** v for v in values]
    if isinstance(lo, int) and isinstance(step, int):
        return values
    return [round(v, 10) for v in values]


def current(control):
    return control.index if hasattr(control, "options") else control.value


def move(control, value):
    """Set a control as the front end would after a learner's move."""
    if hasattr(control, "options"):
        control.index = value
    else:
        control.value = value


def changes(controls, n, seed=0):
    """n (name, value) pairs, each a different value for one control."""
    rng = random.Random(seed)
    names = [name for name, c in controls.items() if movable(c)]
    grids = {name: grid(controls[name]) for name in names}
    now = {name: current(controls[name]) for name in names}
    found = []
    while len(found) < n:
        name = rng.choice(names)
        value = rng.choice(grids[name])
        if value != now[name]:
            found.append((name, value))
            now[name] = value
    return found


def timed(controls, moves):
    """Milliseconds each move took, and how many raised."""
    times, errors = [], 0
    for name, value in moves:
        start = time.perf_counter()
        try:
            move(controls[name], value)
        except Exception:  # a view that raises: counted, not timed
            errors += 1
            continue
        times.append((time.perf_counter() - start) * 1e3)
    return times, errors


def measure(live, n, seed=0, names=None, warmup=5):
    """Summary of n timed changes of one LiveView's controls (those in
    `names`, or all); the controls are put back afterwards."""
    start = live.values()
    controls = {name: c for name, c in live.controls.items()
                if names is None or name in names}
    timed(controls, changes(controls, warmup, seed + 1))
    times, errors = timed(controls, changes(controls, n, seed))
    live.set(**start)
    return {**summary(times), "errors": errors}


def measure_all(n, seed=0):
    """[{view, main, controls, n, median_ms, p90_ms, ...}] for every
    LiveView alive in this kernel. `main`: the first with x, y, w1, w2
    and b, the one the browser and the naive baseline measure too; for
    it, `model` times changes of those five sliders only, the same
    values measure_naive() sets."""
    results, seen = [], {}
    views = live_views()
    main = next((v for v in views if is_model_view(v)), None)
    for live in views:
        name = view_name(live)
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name = f"{name}#{seen[name]}"
        controls = [c for c, w in live.controls.items() if movable(w)]
        result = {"view": name, "main": live is main,
                  "controls": controls, **measure(live, n, seed)}
        if live is main:
            result["model"] = measure(live, n, seed, MODEL)
        results.append(result)
    return results


def measure_naive(widget, n, seed=0, warmup=3):
    """Summary of n changes of a naive `interactive` widget's sliders,
    the same values as measure() draws for a model view with `seed`."""
    found = {c.description: c for c in widget.children
             if getattr(c, "description", None) in MODEL}
    controls = {name: found[name] for name in MODEL}
    timed(controls, changes(controls, warmup, seed + 1))
    times, errors = timed(controls, changes(controls, n, seed))
    return {**summary(times), "errors": errors}


def rss_mib():
    """This process's resident memory now, in MiB."""
    import psutil
    return psutil.Process().memory_info().rss / 2**20


def open_figures():
    """How many matplotlib figures are open (0 if pyplot never loaded)."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    return len(pyplot.get_fignums()) if pyplot else 0


def clear_caches():
    """Empty every functools cache in bplab (bounded by design: what
    they hold is not a leak, and would hide one)."""
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] == "bplab":
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def memory():
    """Open figures, RSS (MiB) and Python's allocated blocks, settled:
    queued messages sent, caches emptied, garbage collected."""
    sys.stdout.flush()  # in a kernel: waits until its I/O thread sent
    # every message queued before (widget updates included)
    clear_caches()
    gc.collect()
    return {"figures": open_figures(), "rss_mib": round(rss_mib(), 2),
            "blocks": sys.getallocatedblocks()}


def leaks(live, n=1000, warmup=300, seed=0):
    """memory() before and after n slider changes, after `warmup`."""
    moves = changes(live.controls, warmup + n, seed)
    timed(live.controls, moves[:warmup])
    before = memory()
    errors = timed(live.controls, moves[warmup:])[1]  # times: dropped,
    after = memory()  # or they would count as 1,000 new blocks here
    return {"view": view_name(live), "changes": n, "errors": errors,
            "before": before, "after": after}
