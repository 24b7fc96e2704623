"""Notebook 2, 反向传播 backpropagation by hand: the chain rule, seen.

Each arrow of the graph carries a local derivative, d(head)/d(tail).
The gradient of a node is the sum, over the arrows leaving it, of the
head's gradient times the arrow's local derivative.
"""
import numbers

import numpy as np

from ..draw.graph import Edge, graph_svg
from ..model import forward, manual_backward
from ..numeric import BAD, GOOD, numeric_backward, rel_error
from ..results import fmt
from ..draw.plot import Plot
from ..draw.markup import TABLE, factor, q
from ..i18n import N_, _
from ..nb1.views import nodes
from ..ui.controls import StepPlayer, choice, log_slider

# Reverse order: a node's gradient needs those of all the nodes it feeds.
ORDER = ["loss", "r", "y", "y_hat", "b", "w2*x", "w1*x**2", "w2", "x**2",
         "w1", "x"]
STEPS = len(ORDER)


def local(x, y, w1, w2, b):
    """{(tail, head): (label, d(head)/d(tail))}, one per arrow."""
    r = forward(x, y, w1, w2, b).r
    return {("x", "x**2"): ("2x", 2 * x), ("w1", "w1*x**2"): ("x²", x**2),
            ("x**2", "w1*x**2"): ("w1", w1), ("x", "w2*x"): ("w2", w2),
            ("w2", "w2*x"): ("x", x), ("w1*x**2", "y_hat"): ("", 1.0),
            ("w2*x", "y_hat"): ("", 1.0), ("b", "y_hat"): ("", 1.0),
            ("y_hat", "r"): ("", 1.0), ("y", "r"): ("", -1.0),
            ("r", "loss"): ("2r", 2 * r)}


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
    rows = [("w1", "x²", x**2, g.w1), ("w2", "x", x, g.w2),
            ("b", "1", 1.0, g.b)]
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


def verdict(error):
    """CS231n's thresholds for a relative error in float64."""
    if error <= GOOD:
        return _("✓ right (≤ 1e-7)")
    if error > BAD:
        return _("✗ wrong (> 1e-2)")
    return _("? unsure (between 1e-7 and 1e-2): try another h")


def sci(name, value):
    """A tagged number in scientific notation, for tiny errors."""
    return f'<span class="q" data-q="{name}">{value:.1e}</span>'


def gradient_check(x, y, w1, w2, b, formula=next(iter(FORMULAS)), h=1e-5):
    """A formula's gradients against central differences, judged."""
    if formula not in FORMULAS:
        raise ValueError(f"formula must be one of {list(FORMULAS)}, got "
                         f"{formula!r}")
    numeric = numeric_backward(x, y, w1, w2, b, h)
    by_formula = FORMULAS[formula](x, forward(x, y, w1, w2, b).r)
    rows = ""
    for p, a in zip(["w1", "w2", "b"], by_formula):
        num = getattr(numeric, p)
        e = rel_error(a, num)
        rows += (f"<tr><td>{p}</td><td>{factor('formula.' + p, a, 6)}</td><td>"
                 f"{factor('numeric.' + p, num, 6)}</td><td>"
                 f"{sci('rel_error.' + p, e)}</td><td>{verdict(e)}</td></tr>")
    said = _("formula: <b>{formula}</b>; numeric: (loss(p + h) − "
             "loss(p − h)) / 2h with h = {h}").format(
        formula=_(formula), h=sci('h', h))
    heads = "".join(f"<th>{word}</th>" for word in [
        "p", _("formula"), _("numeric"), _("relative error"), _("verdict")])
    return (f"<p>{said}</p>{TABLE}"
            f'<table class="bplab-table"><tr>{heads}</tr>{rows}</table>')


def stepper():
    """The `step` control: a step slider and a play button that walks the
    backward pass by itself, one node every 900 ms."""
    return StepPlayer(STEPS, interval=900, slider=True)


def check_controls():
    """A formula to check and the finite-difference step h."""
    return {"formula": choice("formula", [(_(name), name)
                                          for name in FORMULAS]),
            "h": log_slider("h", 1e-5, -10, 0)}

