"""Notebook 1, 正向传播 forward propagation: the parabola and the graph.

    y_hat = w1*x**2 + w2*x + b,   r = y_hat - y,   loss = r**2
"""
import math

import numpy as np

from ..draw.graph import Edge, Node, graph_svg
from ..model import forward
from ..results import fmt
from ..draw.plot import Plot
from ..draw.markup import TABLE, factor, given, q
from ..i18n import N_, _

def values(x, y, w1, w2, b):
    """Every node of the graph: {id: value}, from bplab.forward."""
    f = forward(x, y, w1, w2, b)
    return {"x": x, "y": y, "w1": w1, "w2": w2, "b": b, "x**2": x**2,
            "w1*x**2": w1 * x**2, "w2*x": w2 * x, "y_hat": f.y_hat,
            "r": f.r, "loss": f.loss}


# id: (column, row, formula); the layout of the running example's graph.
PLACES = {
    "w1": (0, 0, N_("parameter")), "x": (0, 1.4, N_("data")),
    "w2": (0, 2.8, N_("parameter")), "x**2": (1, 1.0, "= x²"),
    "w1*x**2": (2, 0.3, "= w1 · x²"), "w2*x": (2, 2.0, "= w2 · x"),
    "b": (2, 3.3, N_("parameter")), "y_hat": (3, 1.5, "= w1·x² + w2·x + b"),
    "y": (3, 3.0, N_("data (target)")), "r": (4, 1.5, "= y_hat − y"),
    "loss": (5, 1.5, "= r²")}
ARROWS = [("x", "x**2"), ("w1", "w1*x**2"), ("x**2", "w1*x**2"),
          ("x", "w2*x"), ("w2", "w2*x"), ("w1*x**2", "y_hat"),
          ("w2*x", "y_hat"), ("b", "y_hat"), ("y_hat", "r"), ("y", "r"),
          ("r", "loss")]


def nodes(x, y, w1, w2, b, grads=None):
    """The graph's nodes; grads {id: value}, a missing id: not computed."""
    grads = grads or {}
    return [Node(i, i, v, grads.get(i), *PLACES[i])
            for i, v in values(x, y, w1, w2, b).items()]


def graph(x, y, w1, w2, b):
    """The computational graph, each node with its value."""
    return graph_svg(nodes(x, y, w1, w2, b), [Edge(*a) for a in ARROWS],
                     title=_("the computational graph of loss"))


def window(x, y, y_hat, w1, w2, b):
    """(xlim, ylim): room around the point, whole numbers at the ends."""
    xlim = (min(-3, math.floor(x - 0.5)), max(3, math.ceil(x + 0.5)))
    near = np.linspace(max(x - 1.5, xlim[0]), min(x + 1.5, xlim[1]), 31)
    seen = np.concatenate([w1 * near**2 + w2 * near + b, [y, y_hat, 0]])
    lo, hi = float(seen.min()), float(seen.max())
    pad = 0.15 * (hi - lo) or 1.0
    return xlim, (math.floor(lo - pad), math.ceil(hi + pad))


def parabola(x, y, w1, w2, b):
    """y_hat(x) over x, the data point (x, y) and the residual r."""
    f = forward(x, y, w1, w2, b)
    xlim, ylim = window(x, y, f.y_hat, w1, w2, b)
    xs = np.linspace(*xlim, 121)
    plot = Plot(xlim, ylim, 420, 300, "y_hat(x) = w1·x² + w2·x + b")
    plot.axes("x", "").segment(xlim[0], 0, xlim[1], 0, "zero")
    plot.line(xs, w1 * xs**2 + w2 * xs + b)
    plot.segment(x, y, x, f.y_hat, "dashed")
    side = 0.12 * (xlim[1] - xlim[0])
    plot.text(x + 0.04 * side, (y + f.y_hat) / 2, "r = ",
              tagged=q("r", f.r, tag="tspan"))
    plot.point(x, f.y_hat, "point prediction").point(x, y)
    plot.text(x - 0.04 * side, f.y_hat, "(x, y_hat)", anchor="end")
    plot.text(x - 0.04 * side, y, "(x, y)", anchor="end")
    plot.parts.append(STYLE)
    return plot.svg()


STYLE = ("<style>.bplab-plot .prediction{fill:#1f77b4}"
         ".bplab-plot .zero{stroke:#ccc}</style>")


def numbers(x, y, w1, w2, b):
    """The forward pass as formulas, then the same with numbers put in."""
    f = forward(x, y, w1, w2, b)
    rows = [
        ("y_hat", "w1·x² + w2·x + b",
         f"{given('w1', w1)}·{given('x', x)}² + {given('w2', w2)}·"
         f"{given('x', x)} + {given('b', b)}", f.y_hat),
        ("r", "y_hat − y", f"{factor('y_hat', f.y_hat)} − {given('y', y)}",
         f.r),
        ("loss", "r²", f"{factor('r', f.r)}²", f.loss)]
    body = "".join(
        f"<tr><td><b>{name}</b></td><td>= {formula}</td><td>= {filled}"
        f"</td><td>= <b>{q(name, value)}</b></td></tr>"
        for name, formula, filled, value in rows)
    return f'{TABLE}<table class="bplab-table">{body}</table>'


def view(x, y, w1, w2, b):
    """Notebook 1's main view: the parabola beside the numbers."""
    return ('<div class="bplab-forward" style="display:flex;'
            'flex-wrap:wrap;align-items:center;gap:1em">'
            f"{parabola(x, y, w1, w2, b)}{numbers(x, y, w1, w2, b)}</div>")


def summary(x, y, w1, w2, b, **_):
    """The view's numbers as plain text (for text-only front ends)."""
    f = forward(x, y, w1, w2, b)
    return f"y_hat = {fmt(f.y_hat)}, r = {fmt(f.r)}, loss = {fmt(f.loss)}"
