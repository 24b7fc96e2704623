"""The baseline: notebooks 1-3's main views written the naive way.

Each is `ipywidgets.interact` on a function that prints its numbers and
draws a new matplotlib figure on every change, under the inline
backend's defaults (PNG, bbox_inches="tight"). They show what bplab's
views show: notebook 1 the parabola and the forward pass, notebook 2
the computational graph with each node's value and gradient, notebook 3
the manual, torch and numeric gradients side by side.

This file is self-contained (bplab, numpy, matplotlib, ipywidgets): the
browser benchmark pastes its source into a generated notebook.
"""
import matplotlib.pyplot as plt
import numpy as np
from ipywidgets import interact

import bplab

RANGE = (-5.0, 5.0, 0.1)
SLIDERS = dict(x=RANGE, y=RANGE, w1=RANGE, w2=RANGE, b=RANGE)


def forward_naive(x=1.0, y=2.0, w1=1.0, w2=2.0, b=2.0):
    """Notebook 1: y_hat(x), the point (x, y), the residual, numbers."""
    f = bplab.forward(x, y, w1, w2, b)
    print(f"y_hat = w1*x**2 + w2*x + b = {f.y_hat:.4f}")
    print(f"r = y_hat - y = {f.r:.4f}")
    print(f"loss = r**2 = {f.loss:.4f}")
    xs = np.linspace(min(-3, x - 1), max(3, x + 1), 121)
    fig, ax = plt.subplots()
    ax.plot(xs, w1 * xs**2 + w2 * xs + b, label="y_hat(x)")
    ax.plot([x, x], [y, f.y_hat], "r--", label=f"r = {f.r:.4f}")
    ax.plot([x], [f.y_hat], "o", label="(x, y_hat)")
    ax.plot([x], [y], "ro", label="(x, y)")
    ax.axhline(0, color="#ccc")
    ax.set_xlabel("x")
    ax.set_title("y_hat(x) = w1*x**2 + w2*x + b")
    ax.legend()
    plt.show()


GRAPH = {"w1": (0, 0), "x": (0, 1.4), "w2": (0, 2.8), "x**2": (1, 1),
         "w1*x**2": (2, 0.3), "w2*x": (2, 2), "b": (2, 3.3),
         "y_hat": (3, 1.5), "y": (3, 3), "r": (4, 1.5), "loss": (5, 1.5)}
ARROWS = [("x", "x**2"), ("w1", "w1*x**2"), ("x**2", "w1*x**2"),
          ("x", "w2*x"), ("w2", "w2*x"), ("w1*x**2", "y_hat"),
          ("w2*x", "y_hat"), ("b", "y_hat"), ("y_hat", "r"), ("y", "r"),
          ("r", "loss")]


def backward_naive(x=1.0, y=2.0, w1=1.0, w2=2.0, b=2.0):
    """Notebook 2: the graph, each node's value and gradient."""
    f = bplab.forward(x, y, w1, w2, b)
    g = bplab.manual_backward(x, y, w1, w2, b)
    r = f.r
    value = {"x": x, "y": y, "w1": w1, "w2": w2, "b": b, "x**2": x**2,
             "w1*x**2": w1 * x**2, "w2*x": w2 * x, "y_hat": f.y_hat,
             "r": r, "loss": f.loss}
    grad = {"loss": 1.0, "r": 2 * r, "y": -2 * r, "y_hat": 2 * r,
            "b": g.b, "w2*x": 2 * r, "w1*x**2": 2 * r, "w2": g.w2,
            "x**2": 2 * r * w1, "w1": g.w1,
            "x": 2 * r * w1 * 2 * x + 2 * r * w2}
    for name in ("w1", "w2", "b"):
        print(f"dloss/d{name} = {grad[name]:.4f}")
    fig, ax = plt.subplots(figsize=(10, 4))
    for tail, head in ARROWS:
        ax.annotate("", GRAPH[head], GRAPH[tail],
                    arrowprops=dict(arrowstyle="->", color="#888"))
    for name, (u, v) in GRAPH.items():
        ax.text(u, v, f"{name}\n{value[name]:.4f}\ngrad {grad[name]:.4f}",
                ha="center", va="center", fontsize=8,
                bbox=dict(boxstyle="round", fc="#eef", ec="#669"))
    ax.set_xlim(-0.5, 5.5)
    ax.set_ylim(3.8, -0.5)
    ax.axis("off")
    ax.set_title("gradients flowing back from the loss")
    plt.show()


def autograd_naive(x=1.0, y=2.0, w1=1.0, w2=2.0, b=2.0):
    """Notebook 3: manual, torch and numeric gradients, compared."""
    ways = {"manual": bplab.manual_backward(x, y, w1, w2, b),
            "torch": bplab.torch_backward(x, y, w1, w2, b),
            "numeric": bplab.numeric_backward(x, y, w1, w2, b)}
    names = ["w1", "w2", "b"]
    for name in names:
        got = [getattr(g, name) for g in ways.values()]
        error = max(bplab.rel_error(got[0], got[1]),
                    bplab.rel_error(got[0], got[2]))
        print(f"dloss/d{name}: " + ", ".join(f"{w} {v:.4f}" for w, v in
                                           zip(ways, got))
              + f", rel_error {error:.1e}")
    fig, ax = plt.subplots()
    at = np.arange(len(names))
    for k, (way, grads) in enumerate(ways.items()):
        ax.bar(at + 0.25 * (k - 1), [getattr(grads, n) for n in names],
               0.25, label=way)
    ax.set_xticks(at, [f"dloss/d{n}" for n in names])
    ax.axhline(0, color="#888")
    ax.set_title("the gradients three ways")
    ax.legend()
    plt.show()


NAIVE = {"01": forward_naive, "02": backward_naive, "03": autograd_naive}


def naive_widget(notebook):
    """Show notebook `notebook`'s ("01".."03") naive view; its widget."""
    return interact(NAIVE[notebook], **SLIDERS).widget
