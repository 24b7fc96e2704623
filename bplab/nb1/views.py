"""Notebook 1, 正向传播 forward propagation: the parabola and the graph.

    y_hat = w1*x**2 + w2*x + b,   r = y_hat - y,   loss = r**2
"""
import math

import numpy as np

from ..draw.graph import Edge, graph_svg
from ..draw.layout import picture, shape
from ..expression import render
from ..model import RUNNING, forward
from ..results import fmt
from ..draw.plot import Plot
from ..draw.markup import TABLE, factor, given, q
from ..i18n import _

def values(x, y, w1, w2, b):
    """Every node of the graph: {id: value}, from the model's forward."""
    return dict(zip(RUNNING.ids, RUNNING.values(x, y, w1, w2, b)))


def pretty(text):
    """x**2 as x², a*b as a·b, a - b as a − b: how the graph shows text."""
    for plain, shown in [("**2", "²"), ("**3", "³"), ("*", "·"),
                         (" - ", " − ")]:
        text = text.replace(plain, shown)
    return text


def nodes(x, y, w1, w2, b, grads=None):
    """The graph's nodes; grads {id: value}, a missing id: not computed.

    Nodes, places and formulas come from the running example's Model,
    a sum of sums drawn as one node (a + b + c).
    """
    return picture(RUNNING, values(x, y, w1, w2, b), grads,
                   merge_sums=True, pretty=pretty)[0]


def arrows():
    """{(src, dst): (input, node, merged)}: the arrows of nodes()."""
    return shape(RUNNING, merge_sums=True)[1]


def graph(x, y, w1, w2, b):
    """The computational graph, each node with its value."""
    return graph_svg(nodes(x, y, w1, w2, b),
                     [Edge(*a) for a in arrows()],
                     title=_("the computational graph of loss"))


def expression(leaf=lambda node: node.text):
    """The running example's y_hat as shown (x**2 as x², a*b as a·b)."""
    return render(RUNNING.nodes[:RUNNING.output + 1], leaf)


def curve(xs, w1, w2, b):
    """y_hat at each of xs."""
    return RUNNING.forward(xs, np.zeros_like(xs), w1, w2, b).y_hat


def window(x, y, y_hat, w1, w2, b):
    """(xlim, ylim): room around the point, whole numbers at the ends."""
    xlim = (min(-3, math.floor(x - 0.5)), max(3, math.ceil(x + 0.5)))
    near = np.linspace(max(x - 1.5, xlim[0]), min(x + 1.5, xlim[1]), 31)
    seen = np.concatenate([curve(near, w1, w2, b), [y, y_hat, 0]])
    lo, hi = float(seen.min()), float(seen.max())
    pad = 0.15 * (hi - lo) or 1.0
    return xlim, (math.floor(lo - pad), math.ceil(hi + pad))


def parabola(x, y, w1, w2, b):
    """y_hat(x) over x, the data point (x, y) and the residual r."""
    f = forward(x, y, w1, w2, b)
    xlim, ylim = window(x, y, f.y_hat, w1, w2, b)
    xs = np.linspace(*xlim, 121)
    plot = Plot(xlim, ylim, 420, 300, f"y_hat(x) = {expression()}")
    plot.axes("x", "").segment(xlim[0], 0, xlim[1], 0, "zero")
    plot.line(xs, curve(xs, w1, w2, b))
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
    at = dict(x=x, w1=w1, w2=w2, b=b)

    def filled(node):
        return node.text if node.op == "number" else given(
            node.text, at[node.text])

    rows = [
        ("y_hat", expression(), expression(filled), f.y_hat),
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
