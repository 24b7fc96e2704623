"""Notebook 2, 反向传播 backpropagation by hand: the chain rule, seen.

Each arrow of the graph carries a local derivative, d(head)/d(tail).
The gradient of a node is the sum, over the arrows leaving it, of the
head's gradient times the arrow's local derivative.
"""
import functools
import numbers

import numpy as np

from ..draw.graph import Edge, graph_svg
from ..model import forward, manual_backward
from ..numeric import central
from ..numeric import gradient_check as judged
from ..results import fmt
from ..draw.markup import TABLE, factor, q, said
from ..draw.plot import Plot
from ..draw.layout import shape
from ..i18n import N_, _
from ..model import RUNNING
from ..nb1.views import arrows, nodes, pretty
from ..ui.controls import StepPlayer, choice, log_slider

# Reverse order: a node's gradient needs those of all the nodes it feeds.
ORDER = shape(RUNNING, merge_sums=True)[0][::-1]
STEPS = len(ORDER)


@functools.lru_cache(maxsize=64)
def local(x, y, w1, w2, b):
    """{(tail, head): (label, d(head)/d(tail))}, one per arrow, from the
    model's graph; a constant one (1, -1) has no label."""
    found = RUNNING.gradients(x, y, w1, w2, b)[2]
    out = {}
    for (tail, head), (a, i, merged) in arrows().items():
        text = "1" if merged else RUNNING.local_text(a, i)
        value = 1.0 if merged else float(found[a, i])
        out[tail, head] = ("" if _number(text) else pretty(text), value)
    return out


def _number(text):
    return text.lstrip("-").isdigit()


def gradients(x, y, w1, w2, b, step=STEPS):
    """{id: dloss/d(id)} for the first `step` nodes of ORDER."""
    arrows = local(x, y, w1, w2, b)
    grads = {}
    for node in ORDER[:step]:
        grads[node] = 1.0 if node == "loss" else sum(
            grads[head] * d for (tail, head), (_, d) in arrows.items()
            if tail == node)
    return grads


def step_text(x, y, w1, w2, b, node):
    """How node's gradient comes out of the chain rule, numbers put in."""
    if node == "loss":
        return _("dloss/dloss = {one} (where we start)").format(
            one=q('grad.loss', 1.0))
    arrows = local(x, y, w1, w2, b)
    grads = gradients(x, y, w1, w2, b)
    out = [(head, label, d) for (tail, head), (label, d) in arrows.items()
           if tail == node]
    symbols = " + ".join(f"dloss/{d(h)} · {label or constant(v)}"
                         for h, label, v in out)
    filled = " + ".join(f"{factor('grad.' + h, grads[h])} · "
                        f"{factor(f'local.{node}:{h}', v)}" for h, _, v in out)
    return (f"dloss/{d(node)} = {symbols} = {filled} = "
            f"<b>{q('grad.' + node, grads[node])}</b>")


def constant(v):
    """A constant local derivative as text: 1, or (-1) in a product."""
    return fmt(v, 0) if v > 0 else f"({fmt(v, 0)})"


def d(name):
    """'dw1', or 'd(w1*x**2)' where the name is not a plain symbol."""
    return f"d{name}" if name.isidentifier() else f"d({name})"


def graph(x, y, w1, w2, b, step=STEPS):
    """The graph after `step` steps back from the loss, and those steps."""
    if isinstance(step, bool) or not isinstance(step, numbers.Integral) \
            or not 0 <= step <= STEPS:
        raise ValueError(f"step must be a whole number from 0 to {STEPS}, "
                         f"got {step!r}")
    arrows = [Edge(t, h, label, v) if label else Edge(t, h, fmt(v, 0))
              for (t, h), (label, v) in local(x, y, w1, w2, b).items()]
    done = ORDER[:step]
    picture = graph_svg(nodes(x, y, w1, w2, b, gradients(
        x, y, w1, w2, b, step)), arrows, highlight=done[-1:],
        title=_("gradients flowing back from the loss"))
    lines = "".join(f"<li>{step_text(x, y, w1, w2, b, node)}</li>"
                    for node in done)
    head = "<p>" + _("Step {step} of {steps}:").format(
        step=step, steps=STEPS) + " " + (
        _("no gradient is computed yet; press ▶ or move <code>step</code> "
          "to start at the loss.") if not done else
        _("the gradient of <b>{node}</b> is new (orange).").format(
            node=done[-1])) + "</p>"
    return f"<div>{picture}{head}<ol>{lines}</ol></div>"


def chain(x, y, w1, w2, b):
    """dloss/dw1 = 2r · 1 · x², and likewise w2 and b, each factor shown."""
    r = forward(x, y, w1, w2, b).r
    g = manual_backward(x, y, w1, w2, b)
    dr = factor("dloss/dr", 2 * r)
    rows = [(p, *dy_hat_by(p, x, y, w1, w2, b), getattr(g, p))
            for p in RUNNING.parameters]
    body = "".join(
        f"<tr><td>dloss/d{p}</td><td>= dloss/dr · dr/dy_hat · dy_hat/d{p}"
        f"</td><td>= 2r · 1 · {sym}</td><td>= {dr} · 1 · "
        f"{factor(f'dy_hat/d{p}', d)}</td>"
        f"<td>= <b>{q(f'dloss/d{p}', grad)}</b></td></tr>"
        for p, sym, d, grad in rows)
    said = _("r = y_hat − y = {r}, so dloss/dr = 2r = {dr}").format(
        r=factor('r', r), dr=dr)
    return (f'{TABLE}<p>{said}</p><table class="bplab-table">{body}'
            "</table>")


def dy_hat_by(param, x, y, w1, w2, b):
    """(text, value) of dy_hat/dparam: the local derivatives along the
    model's arrows from param to y_hat, multiplied (1s left out)."""
    local = RUNNING.gradients(x, y, w1, w2, b)[2]
    texts, total = [], 0.0
    for path in RUNNING.paths(RUNNING.ids.index(param)):
        steps = list(zip(path, path[1:]))
        factors = [RUNNING.local_text(a, i) for a, i in steps]
        texts.append("·".join(pretty(f) for f in factors if f != "1")
                     or "1")
        product = 1.0
        for step in steps:
            product *= float(local[step])
        total += product
    return " + ".join(texts), total


def tangent(x, y, w1, w2, b, param="w1"):
    """loss against one parameter, the others fixed; the tangent's slope
    at the current value is the gradient."""
    if param not in SLOPES:
        raise ValueError(f"param must be one of {', '.join(SLOPES)}, "
                         f"got {param!r}")
    at = dict(x=x, y=y, w1=w1, w2=w2, b=b)
    v, loss = at[param], forward(**at).loss
    slope = getattr(manual_backward(**at), param)
    vs = np.linspace(v - 2, v + 2, 41)
    curve = [forward(**{**at, param: u}).loss for u in vs]
    top = max(curve) * 1.1 or 1.0
    plot = Plot((v - 2, v + 2), (0, top), 270, 210,
                _("loss against {param}").format(param=param))
    plot.axes(param, "loss").line(vs, curve)
    plot.segment(v - 2, loss - 2 * slope, v + 2, loss + 2 * slope, "accent")
    plot.point(v, loss).text(
        v - 1.93, top * 0.92,
        _("slope = {formula} = ").format(formula=SLOPES[param]),
        tagged=q(f"dloss/d{param}", slope, tag="tspan"))
    return plot.svg()


SLOPES = {"w1": "2r·x²", "w2": "2r·x", "b": "2r"}


def tangents(x, y, w1, w2, b):
    """The tangents for w1, w2 and b side by side."""
    return ('<div style="display:flex;flex-wrap:wrap">' + "".join(
        tangent(x, y, w1, w2, b, p) for p in ["w1", "w2", "b"]) + "</div>")


# Gradient formulas for (w1, w2, b) from x and r: the right one and
# the usual slips, to see the gradient check tell them apart.
FORMULAS = {
    N_("right: 2r·x², 2r·x, 2r"):
        lambda x, r: (2 * r * x**2, 2 * r * x, 2 * r),
    N_("missing factor 2: r·x², r·x, r"): lambda x, r: (r * x**2, r * x, r),
    N_("wrong sign of r: −2r·x², −2r·x, −2r"):
        lambda x, r: (-2 * r * x**2, -2 * r * x, -2 * r),
    N_("x where x² belongs: 2r·x, 2r·x, 2r"):
        lambda x, r: (2 * r * x, 2 * r * x, 2 * r)}


def gradient_check(x, y, w1, w2, b, formula=next(iter(FORMULAS)), h=1e-5):
    """A formula's gradients against central differences, judged by
    bplab.gradient_check's one rule; below, the error against h."""
    if formula not in FORMULAS:
        raise ValueError(f"formula must be one of {list(FORMULAS)}, got "
                         f"{formula!r}")
    by_formula = FORMULAS[formula](x, forward(x, y, w1, w2, b).r)
    head = "<p>" + _("formula: <b>{formula}</b>; numeric: (loss(p + h) − "
                     "loss(p − h)) / 2h with h = {h}").format(
        formula=_(formula), h=q('h', h, 1, sci=True)) + "</p>"
    try:
        check = judged(x, y, w1, w2, b, h=h, manual=by_formula)
    except ValueError as error:
        if "too small" not in str(error):
            raise
        return f"{head}<p>✗ {error}</p>{h_errors(x, y, w1, w2, b, h)}"
    rows = ""
    for p in ["w1", "w2", "b"]:
        a = getattr(check, p)
        rows += (f"<tr><td>{p}</td><td>{factor('formula.' + p, a.manual, 6)}"
                 f"</td><td>{factor('numeric.' + p, a.other, 6)}</td><td>"
                 f"{q('rel_error.' + p, a.rel_error, 1, sci=True)}</td>"
                 f"<td>{said(a)}</td></tr>")
    heads = "".join(f"<th>{word}</th>" for word in [
        "p", _("formula"), _("numeric"), _("relative error"), _("verdict")])
    return (f"{head}{TABLE}"
            f'<table class="bplab-table"><tr>{heads}</tr>{rows}</table>'
            f"{h_errors(x, y, w1, w2, b, h)}")


POWERS = np.arange(-16, 0.25, 0.5)  # log10 h for the picture


def h_errors(x, y, w1, w2, b, h):
    """log10 of the relative error in dloss/dw1 against log10 h, for the
    central and the one-sided difference: rounding spoils a small h,
    truncation a large one (the central one has none on a parabola)."""
    right = manual_backward(x, y, w1, w2, b).w1
    plot = Plot((-16, 0), (-17, 1), 300, 210,
                _("error of dloss/dw1 against h"))
    plot.axes("log10 h", _("log10 error"))
    if right == 0:
        return plot.text(-15.5, -8, _("dloss/dw1 = 0 here: move x or y")
                         ).svg()

    def loss(v):
        return forward(x, y, v, w2, b).loss

    def log_error(step, kind):
        up, down = w1 + step, w1 - step
        if up == w1 or down == w1:
            return 0.0      # the nudge is lost: no slope at all
        slope = (central(loss, w1, step) if kind == "central" else
                 (loss(up) - loss(w1)) / (up - w1))
        error = abs(slope - right) / abs(right)
        return float(np.clip(np.log10(max(error, 1e-17)), -17, 1))

    for kind, cls in ((N_("central"), "curve"),
                      (N_("one-sided"), "accent")):
        logs = [log_error(10.0**k, kind) for k in POWERS]
        plot.line(POWERS, logs, cls)
        plot.text(POWERS[-1] - 0.2, logs[-1] + 0.6, _(kind), anchor="end")
    return plot.point(np.log10(h), log_error(h, "central")).svg()


def stepper():
    """The `step` control: a step slider and a play button that walks the
    backward pass by itself, one node every 900 ms."""
    return StepPlayer(STEPS, interval=900, slider=True)


def check_controls():
    """A formula to check and the finite-difference step h."""
    return {"formula": choice("formula", [(_(name), name)
                                          for name in FORMULAS]),
            "h": log_slider("h", 1e-5, -15, 0)}

