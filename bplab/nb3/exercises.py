"""Checks for notebook 3's exercises: gradients from torch autograd."""
import numpy as np

from ..checks import check
from ..i18n import N_
from ..model import manual_backward

POINTS = [dict(x=1.0, y=2.0, w1=1.0, w2=2.0, b=2.0),
          dict(x=2.0, y=-1.0, w1=0.5, w2=-1.5, b=1.0),
          dict(x=-1.5, y=3.0, w1=-2.0, w2=0.5, b=-0.5)]
BATCHES = [dict(points=[(1.0, 2.0), (2.0, 1.0), (-1.0, 0.5)]),
           dict(points=[(0.5, 3.0), (1.5, -1.0), (-2.0, 4.0), (3.0, 0.0)])]
START = dict(w1=1.0, w2=2.0, b=2.0)


def grads(x, y, w1, w2, b):
    """(dloss/dw1, dloss/dw2, dloss/db) by the chain rule."""
    return tuple(manual_backward(x, y, w1, w2, b))[1:]


def check_torch_grads(answer):
    """answer(x, y, w1, w2, b) -> (dw1, dw2, db) from loss.backward()."""
    def r(x, y, w1, w2, b):
        return w1 * x**2 + w2 * x + b - y

    return check(answer, grads, POINTS, [
        (N_("gradients not zeroed: backward() ran twice and .grad added "
            "both, twice the right values"),
         lambda **p: tuple(2 * g for g in grads(**p))),
        (N_("loss = r instead of r**2: the factor 2r of the chain rule is "
            "missing"), lambda x, **p: (x**2, x, 1.0)),
        (N_("loss = r**2 / 2 halves every gradient"),
         lambda **p: tuple(g / 2 for g in grads(**p))),
        (N_("returned w1, w2, b themselves, not w1.grad, w2.grad, b.grad"),
         lambda x, y, w1, w2, b: (w1, w2, b)),
        (N_("x where x**2 belongs: dloss/dw1 is 2r * x**2"),
         lambda x, y, w1, w2, b: (2 * r(x, y, w1, w2, b) * x,
                                  *grads(x, y, w1, w2, b)[1:])),
    ])


def point_grads(points):
    """The right answer: each point's gradients at START, on their own."""
    return [grads(x, y, **START) for x, y in points]


def check_grads_at_points(answer):
    """answer(points) -> [(dw1, dw2, db) at each (x, y)], from one set of
    tensors w1, w2, b at START, with loss.backward() once per point."""
    def running_sums(points):
        return list(np.cumsum(point_grads(points), axis=0))

    def last_for_all(points):
        return [point_grads(points)[-1]] * len(points)

    def zeros(points):
        return [(0.0, 0.0, 0.0)] * len(points)

    stored = N_("stored the .grad tensors themselves: zeroing them later "
                "changes what you stored; store w1.grad.item() and so on")
    return check(answer, point_grads, BATCHES, [
        (N_("gradients not zeroed: each backward() added to .grad, so you "
            "got running sums; zero them after reading them"), running_sums),
        (stored, zeros),
        (stored, last_for_all),
    ])
