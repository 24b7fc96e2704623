"""Notebook 6's views: a small network learning the quadratic data.

Training runs once per (hidden, lr) and is kept, so moving `step` only
redraws: the view stays a plain function of hidden, lr and step.
"""
from functools import lru_cache

import numpy as np

from .. import nn
from ..descent import BLOWUP, TRUE, make_data
from ..inputs import scalar, whole
from ..gradcheck import GOOD, agreement
from ..results import fmt
from ..draw.markup import VERDICT, q
from ..draw.plot import Plot
from ..i18n import _

STEPS = 300
X, Y = make_data()
GRID = np.linspace(-1.6, 1.6, 81)


@lru_cache(maxsize=256)
def history(hidden, lr):
    """Training from the seeded start, kept for each (hidden, lr)."""
    return nn.train(X, Y, hidden, lr, STEPS)


def network_view(hidden=8, lr=0.2, step=STEPS):
    """The fitted curve over the data and the loss curve, after `step`."""
    hidden = whole("hidden", hidden, 1, nn.MAX_HIDDEN)
    step = whole("step", step, 0, STEPS)
    run = history(hidden, scalar("lr", lr))
    shown = min(step, len(run.losses) - 1)
    loss = run.losses[shown]
    return (f'<div class="bplab-network">{_fit(run.at(shown), shown)}'
            f"{_curve(run, shown)}<p>"
            + _("hidden size {hidden}, lr {lr}: after {step} steps of "
                "gradient descent, loss = mean(r²) + reg·(ΣW1² + ΣW2²) = "
                "{loss} (reg = {reg})").format(
                hidden=q('hidden', hidden, 0), lr=q('lr', lr, 2),
                step=q('step', shown, 0), loss=q('loss', loss),
                reg=fmt(nn.REG, 3))
            + "</p>"
            f"{_verdict(run, step, lr)}</div>")


def network_controls(hidden=8, lr=0.2):
    """Sliders for the hidden size and lr, and a Play button for step."""
    from ..ui.controls import StepPlayer, int_slider, slider

    return {"hidden": int_slider("hidden", hidden, 1, nn.MAX_HIDDEN,
                                 label="hidden size"),
            "lr": slider("lr", lr, 0.01, 0.6, 0.01),
            "step": StepPlayer(STEPS, STEPS, step=5, interval=60)}


def _fit(params, step):
    ys = np.concatenate([Y, TRUE["w1"] * GRID**2 + TRUE["w2"] * GRID
                         + TRUE["b"]])
    plot = Plot((-1.6, 1.6), (np.floor(ys.min()) - 1, np.ceil(ys.max())),
                title=_("y_hat(x) after {step} steps").format(step=step))
    plot.axes("x", "y")
    plot.line(GRID, TRUE["w1"] * GRID**2 + TRUE["w2"] * GRID + TRUE["b"],
              "dashed")
    plot.line(GRID, nn.predict(params, GRID)[:, 0])
    for x, y in zip(X, Y):
        plot.point(x, y, r=3)
    return plot.svg()


def _curve(run, step):
    """log10(loss) against step, up to `step`."""
    logs = np.log10(run.losses)
    plot = Plot((0, STEPS), (np.floor(min(logs.min(), -1.5)),
                             np.ceil(max(logs.max(), 1.0))),
                title=_("loss during training (log scale)"))
    plot.axes("step", "log10 loss")
    plot.line(np.arange(step + 1), logs[:step + 1], "accent")
    plot.point(step, logs[step])
    return plot.svg()


def _verdict(run, step, lr):
    if run.diverged:
        last = len(run.losses) - 1
        return '<p class="diverged">' + _(
            "lr = {lr} is too large: at step {step} the loss grew past "
            "{blowup} times its start (or 1), so training stopped at step "
            "{last}. Make lr smaller.").format(
                lr=fmt(lr, 2), step=q('diverged_at', last + 1, 0),
                blowup=f"{BLOWUP:,.0f}", last=last) + "</p>"
    if step >= STEPS:
        return "<p>" + _("Trained for {steps} steps; the dashed curve is the "
                         "quadratic the data came from.").format(
            steps=STEPS) + "</p>"
    return ""


def check_view(hidden=8, seed=0):
    """Manual gradients against torch and finite differences, per weight,
    each judged by bplab.gradcheck's one rule (rounding included).

    Relative errors are shown as the power of ten they are below, so
    the page does not change with the last bits of rounding.
    """
    params = nn.init(hidden, seed)
    mine = nn.loss_and_grads(params, X, Y)[1]
    torch = nn.torch_grads(params, X, Y)[1]
    rounding = nn.rounding(params, X, Y)
    numeric = nn.gradient_check(params, X, Y)
    rows = ""
    for name in nn.PARAMS:
        shape = "×".join(map(str, mine[name].shape))
        by_torch = agreement(mine[name], torch[name], rounding[name])
        rows += (f"<tr><td>{name}</td><td>{shape}</td>"
                 f"<td>{_below(by_torch, 1e-12)}</td>"
                 f"<td>{_below(numeric[name], GOOD)}</td></tr>")
    heads = "".join(f"<th>{word}</th>" for word in [
        _("weights"), _("shape"), _("rel_error manual vs torch"),
        _("rel_error manual vs numeric")])
    return f'<table class="bplab-check"><tr>{heads}</tr>{rows}</table>'


def _below(judged, finest):
    """'< 1e-12 ✓': the first of a few powers of ten above the relative
    error, from `finest` up (finer would change with the last bits of
    rounding), and the verdict's mark."""
    error = judged.rel_error
    levels = [b for b in (1e-12, 1e-10, 1e-7, 1e-4, 1e-2) if b >= finest]
    bound = next((b for b in levels if error < b), None)
    text = f"&lt; {bound:.0e}" if bound else f"{error:.0e}"
    return f"{text.replace('e-0', 'e-')} {VERDICT[judged.verdict][0]}"
