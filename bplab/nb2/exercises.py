"""Checks for notebook 2's exercises: gradients by the chain rule, and
by finite differences."""
from ..checks import check
from ..i18n import N_
from ..model import forward, manual_backward
from ..numeric import central

POINTS = [dict(x=1.0, y=2.0, w1=1.0, w2=2.0, b=2.0),
          dict(x=2.0, y=9.0, w1=0.5, w2=-1.5, b=1.0),
          dict(x=-1.5, y=-3.0, w1=-2.0, w2=0.5, b=-0.5)]


def _r(x, y, w1, w2, b):
    return forward(x, y, w1, w2, b).r


def _grads(**p):
    """(dloss/dw1, dloss/dw2, dloss/db) by bplab."""
    return tuple(manual_backward(**p))[1:]


def check_grad_w1(answer):
    """answer(x, y, w1, w2, b) -> dloss/dw1 = 2r * x**2."""
    return check(answer, lambda **p: _grads(**p)[0], POINTS, [
        (N_("missing factor 2: d(r**2)/dr = 2r"), lambda x, **p: _r(x, **p)
         * x**2),
        (N_("wrong sign of r: r = y_hat - y, not y - y_hat"),
         lambda x, **p: -2 * _r(x, **p) * x**2),
        (N_("x where x**2 belongs: dy_hat/dw1 = x**2"),
         lambda x, **p: 2 * _r(x, **p) * x),
        (N_("stopped at dloss/dy_hat = 2r: times dy_hat/dw1 = x**2 is "
            "missing"),
         lambda **p: 2 * _r(**p)),
        (N_("only dy_hat/dw1 = x**2: times dloss/dy_hat = 2r is missing"),
         lambda x, **p: x**2),
        (N_("y_hat where r belongs: dloss/dy_hat = 2r = 2(y_hat - y)"),
         lambda x, y, w1, w2, b: 2 * (w1 * x**2 + w2 * x + b) * x**2),
    ])


# Slips in (dloss/dw1, dloss/dw2, dloss/db), as functions of r and x.
SLIPS = [
    (N_("missing factor 2: d(r**2)/dr = 2r"),
     lambda r, x: (r * x**2, r * x, r)),
    (N_("wrong sign of r: r = y_hat - y, not y - y_hat"),
     lambda r, x: (-2 * r * x**2, -2 * r * x, -2 * r)),
    (N_("x and x**2 swapped: dy_hat/dw1 = x**2, dy_hat/dw2 = x"),
     lambda r, x: (2 * r * x, 2 * r * x**2, 2 * r)),
    (N_("x where x**2 belongs: dy_hat/dw1 = x**2"),
     lambda r, x: (2 * r * x, 2 * r * x, 2 * r)),
    (N_("dloss/db times x: dy_hat/db = 1, b is not multiplied by x"),
     lambda r, x: (2 * r * x**2, 2 * r * x, 2 * r * x)),
    (N_("dloss/dw2 without its x: dy_hat/dw2 = x"),
     lambda r, x: (2 * r * x**2, 2 * r, 2 * r)),
]


def check_grads(answer):
    """answer(x, y, w1, w2, b) -> (dloss/dw1, dloss/dw2, dloss/db)."""
    def each(f):
        return lambda x, **p: tuple(f(_r(x, **p), x))

    return check(answer, _grads, POINTS,
                 [(description, each(f)) for description, f in SLIPS])


def check_numeric_grad_w1(answer):
    """answer(x, y, w1, w2, b, h) -> (loss(w1 + h) - loss(w1 - h)) / 2h."""
    cases = [{**p, "h": h} for p, h in zip(POINTS, [1e-5, 1e-3, 1e-2])]

    def loss_at(x, y, w2, b, **_):
        return lambda w1: forward(x, y, w1, w2, b).loss

    def one_sided(h, **p):
        f = loss_at(**p)
        return (f(p["w1"] + h) - f(p["w1"])) / h

    return check(
        answer, lambda h, **p: central(loss_at(**p), p["w1"], h), cases, [
            (N_("divided by h, not 2h: the nudges w1 + h and w1 - h lie 2h "
                "apart"),
             lambda h, **p: 2 * central(loss_at(**p), p["w1"], h)),
            (N_("a one-sided difference (loss(w1 + h) - loss(w1)) / h: use "
                "the central one, accurate to h**2 instead of h"),
             one_sided),
            (N_("nudged w2 instead of w1"),
             lambda h, x, y, w1, w2, b: central(
                 lambda v: forward(x, y, w1, v, b).loss, w2, h)),
        ], rtol=1e-7)
