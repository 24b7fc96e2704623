"""Checks for notebook 4's exercises: batch loss, one step, a whole run."""
import numpy as np

from .. import descent
from ..checks import check
from ..i18n import N_
from ..model import forward, manual_backward

DATA = [dict(x=[-1.0, 0.0, 1.0, 2.0], y=[2.0, 1.0, 0.5, 3.0]),
        dict(x=[0.5, 1.5, -2.0], y=[-1.0, 2.5, 4.0])]
PARAMS = [dict(w1=1.0, w2=2.0, b=2.0), dict(w1=-0.5, w2=0.3, b=1.2)]
LOSS_CASES = [{**d, **p} for d in DATA for p in PARAMS]
STEP_CASES = [{**c, "lr": lr} for c, lr in zip(LOSS_CASES,
                                                [0.1, 0.05, 0.02, 0.08])]
RUN_CASES = [{**c, "steps": s} for c, s in zip(STEP_CASES, [5, 12, 1, 8])]


def _residual(x, y, w1, w2, b):
    return forward(x, y, w1, w2, b).r


def batch_loss(x, y, w1, w2, b):
    """The right answer: mean(r**2) over the batch."""
    return forward(x, y, w1, w2, b).loss


def check_batch_loss(answer):
    """answer(x, y, w1, w2, b) -> the batch loss, mean of r**2."""
    return check(answer, batch_loss, LOSS_CASES, [
        (N_("batch mean forgotten: you summed r**2 over the batch instead "
            "of averaging it"), lambda **c: np.sum(_residual(**c) ** 2)),
        (N_("r not squared: mean(r) is not a loss (it can be negative)"),
         lambda **c: np.mean(_residual(**c))),
        (N_("squared the mean: mean(r)**2, where the mean of r**2 belongs"),
         lambda **c: np.mean(_residual(**c)) ** 2),
    ])


def gd_step(x, y, w1, w2, b, lr, sign=-1, scale=1.0):
    """The right answer: (w1, w2, b) after one step (sign, scale: to make
    the named mistakes)."""
    g = manual_backward(x, y, w1, w2, b)
    return tuple(v + sign * lr * scale * d
                 for v, d in [(w1, g.w1), (w2, g.w2), (b, g.b)])


def check_gd_step(answer):
    """answer(x, y, w1, w2, b, lr) -> (w1, w2, b) after one step."""
    return check(answer, gd_step, STEP_CASES, [
        (N_("wrong sign of the update: w + lr * grad climbs the loss; step "
            "against the gradient"), lambda **c: gd_step(**c, sign=1)),
        (N_("batch mean forgotten: gradients summed over the batch, n times "
            "too big"), lambda **c: gd_step(**c, scale=len(c["x"]))),
        (N_("lr left out: w - grad takes a full gradient's step"),
         lambda lr, **c: gd_step(**c, lr=1.0)),
        (N_("factor 2 missing: dloss/dr is 2r, not r"),
         lambda **c: gd_step(**c, scale=0.5)),
    ])


def sgd_run(x, y, w1, w2, b, lr, steps):
    """The right answer: (w1, w2, b) after `steps` steps."""
    run = descent.train_manual(x, y, w1, w2, b, lr, steps)
    return run.w1[-1], run.w2[-1], run.b[-1]


def _accumulated(x, y, w1, w2, b, lr, steps):
    """What zero_grad() forgotten does: each step uses the running sum."""
    total = np.zeros(3)
    for _ in range(steps):
        total += tuple(manual_backward(x, y, w1, w2, b))[1:]
        w1, w2, b = np.array([w1, w2, b]) - lr * total
    return w1, w2, b


def check_sgd_run(answer):
    """answer(x, y, w1, w2, b, lr, steps) -> (w1, w2, b) after training
    with torch.optim.SGD."""
    return check(answer, sgd_run, RUN_CASES, [
        (N_("optimizer.zero_grad() forgotten: .grad kept adding up, so each "
            "step used the sum of all gradients so far"), _accumulated),
        (N_("one step too many"), lambda steps, **c: sgd_run(**c,
                                                          steps=steps + 1)),
        (N_("one step too few"), lambda steps, **c: sgd_run(
            **c, steps=max(steps - 1, 0))),
    ], rtol=1e-9)
