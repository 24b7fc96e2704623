"""Notebook 4's live view: gradient descent on the seeded data, step by step.

The view is a plain function of (w1, w2, b, lr, step): the starting
parameters, the learning rate, and how many steps have been taken. Each
run is kept (`run`), so moving `step` only computes steps not yet seen.
"""
import functools
import math

import numpy as np

from ..nb1.views import curve, expression
from .. import descent
from ..inputs import whole
from ..model import forward
from ..draw.plot import Plot
from ..ui.controls import StepPlayer, slider
from ..ui.liveview import LiveView
from ..draw.markup import q
from ..i18n import _

X, Y = descent.make_data()
BEST = descent.best_fit(X, Y)
BEST_LOSS = forward(X, Y, **BEST).loss
LAMBDA_MAX = descent.curvature(X)
LR_MAX = 2 / LAMBDA_MAX
MAX_STEPS = 100
START = dict(w1=1.0, w2=2.0, b=2.0, lr=0.1, step=0)
NAMES = ("w1", "w2", "b")
GRADS = dict(w1="dw1", w2="dw2", b="db")
FACTORS = dict(w1="x_i²", w2="x_i", b="1")


@functools.lru_cache(maxsize=64)
def run(w1, w2, b, lr):
    """The descent from (w1, w2, b) with this lr, extended as asked."""
    return descent.Descent(X, Y, w1, w2, b, lr)


def descent_view(w1, w2, b, lr, step):
    """Where gradient descent stands after `step` steps, as HTML."""
    step = whole("step", step)
    this = run(w1, w2, b, lr)
    state = this.at(step)
    shown = min(step, len(this.states) - 1)
    diverged = this.diverged_at is not None and step >= this.diverged_at
    return (
        '<div class="bplab-descent">'
        "<p>" + _("step {step}: loss = mean(r_i²) = {loss} at {params}")
        .format(step=q("step", shown, 0), loss=q("loss", state["loss"]),
                params=", ".join(f"{name} = {q(name, state[name])}"
                                 for name in NAMES))
        + f'</p>{_status(this, lr, diverged)}'
        f'{_updates(state, lr, diverged)}'
        '<div style="display:flex;flex-wrap:wrap;gap:1em">'
        f'{_loss_plot(this, shown)}{_fit_plot(state)}</div>'
        "<p>" + _("Dots: the data (x_i, y_i), i = 1 ... {n}. Dashed: the "
                  "curve they came from, y = {true}. Solid: y_hat at this "
                  "step. The lowest loss any w1, w2, b can reach on this "
                  "data is {best_loss}, at {best}.").format(
            n=len(X), true=_curve("true", descent.TRUE),
            best_loss=q("best.loss", BEST_LOSS), best=_curve("best", BEST))
        + "</p></div>")


def _status(this, lr, diverged):
    """One plain sentence on whether this lr settles or blows up."""
    limit = _("2/λ_max = {lr_max}, where λ_max = {lambda_max} is the "
              "steepest curvature of the loss (the top eigenvalue of its "
              "Hessian)").format(lr_max=q("lr_max", LR_MAX),
                                 lambda_max=q("lambda_max", LAMBDA_MAX))
    if diverged:
        return '<p class="status diverged">' + _(
            "<b>✗ diverged at step {step}: lr too large, try below "
            "{lr_max}.</b> The loss grew past {blowup} times its start, so "
            "the run stops there. Steps settle only for lr below {limit}."
        ).format(step=q("diverged_at", this.diverged_at, 0),
                 lr_max=q("lr_max", LR_MAX),
                 blowup=f"{descent.BLOWUP:,.0f}", limit=limit) + "</p>"
    if lr > LR_MAX:
        return '<p class="status growing">' + _(
            "<b>⚠ lr is above {limit}:</b> each step overshoots, the loss "
            "grows, and the run will diverge.").format(limit=limit) + "</p>"
    return '<p class="status">' + _(
        "✓ lr = {lr} is below {limit}, so each step brings the loss down."
    ).format(lr=q("lr", lr, 2), limit=limit) + "</p>"


def _updates(state, lr, diverged):
    """w <- w - lr * dloss/dw for each parameter, with its numbers."""
    rows = "".join(
        f"<tr><td>{name} ← {name} − lr · dloss/d{name} = "
        f"{q(name, state[name])} − {q('lr', lr, 2)} × "
        f"{q(f'dloss/d{name}', state[GRADS[name]])}"
        + ("" if diverged else
           f" = {q(f'next.{name}', state[name] - lr * state[GRADS[name]])}")
        + f"</td><td>dloss/d{name} = (2/n) Σ r_i · {FACTORS[name]}</td>"
        "</tr>" for name in NAMES)
    return f'<table class="bplab-updates">{rows}</table>'


def _loss_plot(this, shown):
    """log10 of the loss against the step, up to the step shown."""
    loss = np.array([s["loss"] for s in this.states[:shown + 1]])
    top = math.log10(max(loss[0], BEST_LOSS)) + 1
    plot = Plot((0, MAX_STEPS), (math.log10(BEST_LOSS) - 0.5, top),
                title=_("log₁₀(loss) during training")).axes("step", "")
    plot.segment(0, math.log10(BEST_LOSS), MAX_STEPS,
                 math.log10(BEST_LOSS), cls="dashed")
    steps = np.arange(len(loss))
    plot.line(steps, np.log10(np.maximum(loss, 1e-300)))
    return plot.point(shown, math.log10(max(loss[-1], 1e-300))).svg()


def _fit_plot(state):
    """The data, the true curve (dashed) and this step's y_hat (solid)."""
    plot = Plot((-1.6, 1.6), (-2.0, 8.0), title=_("the fit over the data"))
    plot.axes("x", "y")
    xs = np.linspace(-1.6, 1.6, 65)
    plot.line(xs, _y_hat(xs, descent.TRUE), cls="dashed")
    plot.line(xs, _y_hat(xs, state))
    for x, y in zip(X, Y):
        plot.point(x, y, r=3)
    return plot.svg()


def _y_hat(x, params):
    return curve(x, params["w1"], params["w2"], params["b"])


def _curve(kind, params):
    return expression(lambda n: q(f"{kind}.{n.text}", params[n.text])
                      if n.op == "parameter" else n.text)


def descent_widget(**start):
    """Sliders for the starting w1, w2, b and lr; play, +1 step, reset."""
    values = {**START, **start}
    controls = {name: slider(name, values[name]) for name in NAMES}
    controls["lr"] = slider("lr", values["lr"], 0.01, 0.8, 0.01)
    controls["step"] = StepPlayer(MAX_STEPS, values["step"], buttons=True)
    return LiveView(descent_view, controls)
