"""Checks for notebook 6's exercises: the network's backward stages."""
import numpy as np

from ..checks import check
from ..i18n import N_


def _arrays(seed, n, hidden):
    """Seeded test arrays: r, h (inside tanh's range), dh, W2, dy_hat."""
    rng = np.random.default_rng(seed)
    return dict(r=rng.normal(size=(n, 1)),
                h=np.tanh(rng.normal(size=(n, hidden))),
                dh=rng.normal(size=(n, hidden)),
                W2=rng.normal(size=(hidden, 1)),
                dy_hat=rng.normal(size=(n, 1)))


SHAPES = [(0, 5, 3), (1, 8, 4), (2, 3, 6)]
ARRAYS = [_arrays(*shape) for shape in SHAPES]


# Exercise 1: stage (5) backward, the mean over the batch.

def _dr(r):
    return 2 * r / len(r)


DR_MISTAKES = [
    (N_("batch mean forgotten: loss = mean(r**2) divides by n, so "
        "dr = 2 * r / n."), lambda r: 2 * r),
    (N_("missing factor 2: d(r**2)/dr = 2r."), lambda r: r / len(r)),
    (N_("wrong sign of r: r = y_hat - y, and dr = +2 * r / n."),
     lambda r: -2 * r / len(r)),
    (N_("divided by n twice: the mean divides once."),
     lambda r: 2 * r / len(r) ** 2),
]


def check_dr(dr):
    """dr(r): dloss/dr for loss = mean(r**2), r an n x 1 column."""
    cases = [dict(r=a["r"]) for a in ARRAYS]
    return check(dr, _dr, cases, DR_MISTAKES)


# Exercise 2: stage (2) backward, through tanh.

def _dz(h, dh):
    return (1 - h**2) * dh


DZ_MISTAKES = [
    (N_("dh is missing: the chain rule multiplies tanh's local derivative "
        "by the gradient arriving from above."), lambda h, dh: 1 - h**2),
    (N_("tanh applied twice: h is tanh(z) already, so the local "
        "derivative is 1 - h**2."), lambda h, dh: (1 - np.tanh(h) ** 2) * dh),
    (N_("the square is missing: d tanh(z)/dz = 1 - h**2."),
     lambda h, dh: (1 - h) * dh),
    (N_("the sign is flipped: 1 - h**2, not h**2 - 1."),
     lambda h, dh: (h**2 - 1) * dh),
]


def check_dz(dz):
    """dz(h, dh): the gradient of z, where h = tanh(z)."""
    cases = [dict(h=a["h"], dh=a["dh"]) for a in ARRAYS]
    return check(dz, _dz, cases, DZ_MISTAKES)


# Exercise 3: stage (3) backward for W2, which also feeds the penalty.

def _dW2(h, dy_hat, W2, reg):
    return 2 * reg * W2 + h.T @ dy_hat


DW2_MISTAKES = [
    (N_("= where += belongs: the penalty's share 2 * reg * W2 is missing; "
        "W2 feeds both y_hat and the penalty, and the shares add up."),
     lambda h, dy_hat, W2, reg: h.T @ dy_hat),
    (N_("= where += belongs: only the penalty's share is left; add "
        "h.T @ dy_hat to it."), lambda h, dy_hat, W2, reg: 2 * reg * W2),
    (N_("missing factor 2 in the penalty's share: d(reg * W2**2)/dW2 = "
        "2 * reg * W2."), lambda h, dy_hat, W2, reg: reg * W2 + h.T @ dy_hat),
    (N_("transposed: dW2 has W2's shape (hidden x 1), which h.T @ dy_hat "
        "gives."),
     lambda h, dy_hat, W2, reg: (2 * reg * W2 + h.T @ dy_hat).T),
]


def check_dW2(dW2):
    """dW2(h, dy_hat, W2, reg): the gradient of W2, both its shares."""
    cases = [dict(h=a["h"], dy_hat=a["dy_hat"], W2=a["W2"], reg=reg)
             for a, reg in zip(ARRAYS, [0.1, 0.5, 0.01])]
    return check(dW2, _dW2, cases, DW2_MISTAKES)
