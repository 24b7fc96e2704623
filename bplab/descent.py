"""Gradient descent on the running example, over a batch of seeded data.

    loss = mean(r**2),   w1 <- w1 - lr * dloss/dw1  (and w2, b alike)

Once with bplab's own chain-rule gradients (`train_manual`), once with
torch.optim.SGD (`train_sgd`): the two trajectories agree to rounding.
Too large an lr makes the loss grow without bound; both stop there and
say at which step, instead of carrying nan or inf around.
"""
import math
from dataclasses import dataclass

import numpy as np

from .inputs import model_inputs, positive, scalar, whole
from .model import forward, manual_backward
from .i18n import _
from .results import fmt

TRUE = dict(w1=-1.0, w2=0.5, b=3.0)
BLOWUP = 1e6  # a loss this many times its start (or 1) counts as diverged
MAX_STEPS = 100_000   # steps of training one call may ask for
MAX_N = 10**6         # points make_data may make


def make_data(n=20, noise=0.25, seed=0):
    """x evenly over [-1.5, 1.5]; y from TRUE plus seeded Gaussian noise."""
    n = whole("n", n, 1, MAX_N)
    noise = scalar("noise", noise)
    if noise < 0:
        raise ValueError(f"noise must be >= 0, got {noise}")
    x = np.linspace(-1.5, 1.5, n)
    rng = np.random.default_rng(whole("seed", seed))
    y = TRUE["w1"] * x**2 + TRUE["w2"] * x + TRUE["b"]
    return x, y + noise * rng.standard_normal(n)


def best_fit(x, y):
    """(w1, w2, b) with the lowest loss on (x, y): least squares, on
    columns scaled to size 1 so that no x is too large for it."""
    x, y, *_ = model_inputs(x, y, 0, 0, 0)
    a, scale = _scaled(x)
    w, *_ = np.linalg.lstsq(a, np.atleast_1d(y), rcond=None)
    with np.errstate(over="ignore"):
        w1, w2, b = w / scale
    fit = dict(w1=float(w1), w2=float(w2), b=float(b))
    for name, value in fit.items():
        if not math.isfinite(value):
            raise ValueError(f"the best {name} overflows float64 for this "
                             "data; use smaller x or y")
    return fit


def curvature(x):
    """lambda_max: the loss's steepest curvature, the top eigenvalue of
    its Hessian (2/n) * A.T @ A, where A has the columns x**2, x, 1."""
    x, *_ = model_inputs(x, x, 0, 0, 0)
    a = _design(x)
    top = float(np.max(np.abs(a)))
    small = a / top                   # entries of size <= 1: no overflow
    top_eig = np.linalg.eigvalsh(small.T @ small)[-1]
    with np.errstate(over="ignore"):
        lam = 2 / len(a) * float(top_eig) * top * top
    if not math.isfinite(lam):
        raise ValueError("lambda_max, the loss's curvature, overflows "
                         f"float64 for x up to {np.max(np.abs(x)):.3g}; "
                         "use smaller x")
    return float(lam)


def stable_lr(x):
    """2 / lambda_max: gradient descent diverges for any lr above it."""
    return 2 / curvature(x)


def _design(x):
    x = np.atleast_1d(x)
    with np.errstate(over="ignore"):
        a = np.stack([x**2, x, np.ones_like(x)], axis=1)
    if not np.all(np.isfinite(a)):
        raise ValueError(f"x**2 overflows float64 for x up to "
                         f"{np.max(np.abs(x)):.3g}; use smaller x")
    return a


def _scaled(x):
    """The design matrix with each column divided by its largest size."""
    a = _design(x)
    scale = np.max(np.abs(a), axis=0)
    scale[scale == 0] = 1.0
    return a / scale, scale


@dataclass(frozen=True, eq=False)
class Trajectory:
    """w1, w2, b and loss at steps 0, 1, ...; diverged_at: the step whose
    loss blew up (not recorded), or None; lr_max: 2 / lambda_max."""
    w1: np.ndarray
    w2: np.ndarray
    b: np.ndarray
    loss: np.ndarray
    diverged_at: object = None
    lr_max: float = math.inf

    @property
    def steps(self):
        """The last step recorded."""
        return len(self.loss) - 1

    def __repr__(self):
        end = (_("diverged at step {step}: lr too large, try below "
                 "{lr_max}").format(step=self.diverged_at,
                                    lr_max=fmt(self.lr_max))
               if self.diverged_at is not None else
               f"loss={fmt(self.loss[-1])}")
        return (f"Trajectory(steps={self.steps}, w1={fmt(self.w1[-1])}, "
                f"w2={fmt(self.w2[-1])}, b={fmt(self.b[-1])}, {end})")


class Descent:
    """Gradient descent with manual_backward, computed only as far as
    asked and kept: asking for one more step costs one step."""

    def __init__(self, x, y, w1, w2, b, lr):
        x, y, w1, w2, b = model_inputs(x, y, w1, w2, b)
        self.x, self.y, self.lr = x, y, positive("lr", lr)
        start = forward(x, y, w1, w2, b).loss
        self.limit = limit(start)
        self.states = [self._state(w1, w2, b, start)]
        self.diverged_at = None

    def _state(self, w1, w2, b, loss):
        grad = manual_backward(self.x, self.y, w1, w2, b)
        return dict(w1=w1, w2=w2, b=b, loss=loss, dw1=grad.w1,
                    dw2=grad.w2, db=grad.b)

    def upto(self, steps):
        """Compute steps 0 .. `steps`, or until the loss blows up."""
        steps = whole("steps", steps, 0, MAX_STEPS)
        while len(self.states) <= steps and self.diverged_at is None:
            s = self.states[-1]
            w1 = s["w1"] - self.lr * s["dw1"]  # floats: inf, never a warning
            w2 = s["w2"] - self.lr * s["dw2"]
            b = s["b"] - self.lr * s["db"]
            loss = self._loss(w1, w2, b)
            state = None if blew_up(loss, self.limit) else self._next(
                w1, w2, b, loss)
            if state is None:
                self.diverged_at = len(self.states)
            else:
                self.states.append(state)
        return self

    def _next(self, w1, w2, b, loss):
        """The state after a step, or None if its gradient overflowed."""
        try:
            return self._state(w1, w2, b, loss)
        except ValueError:
            return None

    def _loss(self, w1, w2, b):
        if not all(map(math.isfinite, (w1, w2, b))):
            return math.inf
        try:
            return forward(self.x, self.y, w1, w2, b).loss
        except ValueError:  # the loss overflowed float64
            return math.inf

    def at(self, step):
        """The state (w1, w2, b, loss and gradients) at `step`, or at the
        last step before the loss blew up."""
        self.upto(step)
        return dict(self.states[min(step, len(self.states) - 1)])

    def trajectory(self):
        """What has been computed so far, as arrays."""
        return Trajectory(*(np.array([s[k] for s in self.states])
                            for k in ("w1", "w2", "b", "loss")),
                          diverged_at=self.diverged_at,
                          lr_max=stable_lr(self.x))


def limit(start):
    """The loss above which training counts as diverged: BLOWUP times
    the starting loss, or BLOWUP if it started below 1."""
    return BLOWUP * max(start, 1.0)


def blew_up(loss, limit):
    """The divergence test: loss not finite, or above `limit`. The one
    rule for every training loop (notebooks 4 and 6)."""
    return not math.isfinite(loss) or loss > limit


def train_manual(x, y, w1, w2, b, lr, steps):
    """`steps` steps of gradient descent with bplab.manual_backward."""
    return Descent(x, y, w1, w2, b, lr).upto(steps).trajectory()


def train_sgd(x, y, w1, w2, b, lr, steps):
    """The same descent by torch autograd and torch.optim.SGD, float64."""
    import torch

    x, y, w1, w2, b = model_inputs(x, y, w1, w2, b)
    lr, steps = positive("lr", lr), whole("steps", steps, 0, MAX_STEPS)
    manual_backward(x, y, w1, w2, b)    # the start overflows: say so
    x, y = (torch.tensor(v, dtype=torch.float64) for v in (x, y))
    params = [torch.tensor(v, dtype=torch.float64, requires_grad=True)
              for v in (w1, w2, b)]
    optimizer = torch.optim.SGD(params, lr=lr)

    def loss_now():
        w1, w2, b = params
        return ((w1 * x**2 + w2 * x + b - y) ** 2).mean()

    loss = loss_now()
    top, rows, diverged_at = limit(loss.item()), [], None
    for step in range(steps + 1):
        if step:
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss = loss_now()
            if blew_up(loss.item(), top):
                diverged_at = step
                break
        rows.append([p.item() for p in params] + [loss.item()])
    return Trajectory(*np.array(rows).T, diverged_at=diverged_at,
                      lr_max=stable_lr(x.numpy()))
