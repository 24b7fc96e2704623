"""Gradients by central differences, and the check that judges them.

A finite difference fails at both ends: a large h measures the slope of
a chord, not of the tangent (truncation); a small h makes loss(p + h)
and loss(p - h) so close that their difference is mostly rounding. Our
loss is a parabola in each parameter, so central differences have no
truncation error here: only the rounding end can hurt, and the default
h is chosen large enough for rounding not to matter.
"""
from dataclasses import dataclass

import numpy as np

from .gradcheck import BAD, EPS, GOOD, agreement, rel_error, worst
from .inputs import finite, model_inputs, positive
from .model import forward, manual_backward
from .results import Gradients

__all__ = ["central", "gradient", "numeric_backward", "rel_error",
           "gradient_check", "default_h", "GOOD", "BAD"]
PARAMS = ("w1", "w2", "b")
SLACK = 16 * EPS  # rounding of r relative to its terms, with room to spare
TINY = float(np.finfo(np.float64).tiny)   # what underflow can lose


def central(f, v, h, name="v"):
    """(f(v + h) - f(v - h)) / (distance between v + h and v - h)."""
    up, down = v + h, v - h
    if up == v or down == v:
        raise ValueError(f"h={h:g} is too small to change {name}={v:g} in "
                         f"float64 ({name} + h == {name}); use a larger h")
    return (f(up) - f(down)) / (up - down)


def gradient(f, params, h=1e-5):
    """{name: d f / d params[name]} by central differences, one element
    of each array at a time; f takes a dict like params."""
    h = positive("h", h)
    grads = {}
    for name, value in params.items():
        grads[name] = np.zeros(np.shape(value))
        for i in np.ndindex(np.shape(value)):
            def f_at(v):
                nudged = {k: np.array(a, dtype=np.float64)
                          for k, a in params.items()}
                nudged[name][i] = v
                return f(nudged)
            grads[name][i] = central(f_at, float(params[name][i]), h)
    return grads


def model_numeric(model, x, y, params, h):
    """A model's gradients by central differences (inputs checked)."""
    h = positive("h", h)
    y_hat = model.forward(x, y, **params).y_hat

    def loss_at(y_hat):
        return np.mean((y_hat - y) ** 2)

    if np.ndim(y_hat):
        unit = np.eye(len(y_hat))
        dy_hat = np.array([central(lambda t: loss_at(y_hat + t * e), 0.0, h)
                           for e in unit])
    else:
        dy_hat = central(loss_at, y_hat, h)
    grads = {"y_hat": dy_hat}
    for p in model.parameters:
        grads[p] = central(
            lambda v: model.forward(x, y, **{**params, p: v}).loss,
            params[p], h)
    return model.result(grads)


@np.errstate(over="ignore")
def _slopes(x):
    """d y_hat / d(w1, w2, b) at each point: x**2, x, 1."""
    return dict(w1=x**2, w2=x, b=np.ones_like(x))


@np.errstate(over="ignore")
def terms(x, y, w1, w2, b):
    """|w1|x**2 + |w2||x| + |b| + |y|: the size of what cancels in r."""
    return abs(w1) * x**2 + abs(w2) * np.abs(x) + abs(b) + np.abs(y)


def default_h(x, y, w1, w2, b):
    """{p: h}: a nudge of p that moves y_hat by cbrt(eps) times the size
    of its terms; large enough for rounding not to swallow it, small
    enough to stay on the tangent for any smooth loss."""
    x, y, *params = model_inputs(x, y, w1, w2, b)
    size = float(np.max(terms(x, y, *params)))
    hs = {}
    for p, value in zip(PARAMS, params):
        slope = float(np.max(np.abs(_slopes(x)[p])))
        if slope > 0 and size > 0:
            h = EPS ** (1 / 3) * size / slope
        else:           # p does not move y_hat, or everything is 0
            h = EPS ** (1 / 3) * max(abs(value), 1.0)
        hs[p] = min(max(h, 4 * EPS * abs(value), TINY), 1e150)
    return hs


def numeric_backward(x, y, w1, w2, b, h=None):
    """Nudge each of y_hat, w1, w2, b by +-h and watch the loss move.

    h=None picks a step per parameter by default_h(); a given h that
    cannot move y_hat at all is a ValueError, not a silent 0.
    """
    inputs = dict(x=x, y=y, w1=w1, w2=w2, b=b)
    x, y, w1, w2, b = model_inputs(x, y, w1, w2, b)
    y_hat = forward(x, y, w1, w2, b).y_hat   # the loss overflows: say so
    at = dict(w1=w1, w2=w2, b=b)
    nudges = _nudges(x, y, at, h)
    dy_hat = _dy_hat(y_hat, y, h if h is None else positive("h", h))
    return Gradients(dy_hat, *(_slope(p, *nudges[p], inputs)
                               for p in PARAMS))


def _nudges(x, y, at, h):
    """{p: (p + h, p - h, forward there, forward there)} for each p."""
    hs = default_h(x, y, **at) if h is None else dict.fromkeys(
        PARAMS, positive("h", h))
    out = {}
    for p in PARAMS:
        up, down = at[p] + hs[p], at[p] - hs[p]
        if up == at[p] or down == at[p]:
            _too_small(p, at[p], hs[p])
        try:
            ends = [forward(x, y, **{**at, p: v}) for v in (up, down)]
        except ValueError:
            raise ValueError(f"the loss overflows float64 at {p} +- h with "
                             f"h={hs[p]:g}; use a smaller h") from None
        if h is not None and np.any(_slopes(x)[p] != 0) and np.all(
                ends[0].y_hat == ends[1].y_hat):
            _too_small(p, at[p], hs[p])
        out[p] = (up, down, *ends)
    return out


def _too_small(p, value, h):
    raise ValueError(
        f"h={h:g} is too small to move y_hat through {p}={value:g} in "
        "float64, so the loss cannot change; use a larger h (or h=None "
        "for the default)")


@np.errstate(over="ignore")
def _slope(p, up, down, at_up, at_down, inputs):
    """dloss/dp from the loss at p + h and p - h."""
    slope = (at_up.loss - at_down.loss) / (up - down)
    return finite(f"dloss/d{p}", slope, inputs)


def _dy_hat(y_hat, y, h):
    """dloss/dy_hat at each point, by nudging that point's y_hat: the
    other points' terms of the mean do not move, so only its own is
    evaluated (n points cost n, not n**2)."""
    if h is None:
        h = EPS ** (1 / 3) * np.maximum(np.abs(y_hat) + np.abs(y), 1.0)
    h = np.broadcast_to(h, np.shape(y_hat))
    n = np.size(y_hat)
    if np.any(y_hat + h == y_hat) or np.any(y_hat - h == y_hat):
        i = np.flatnonzero(np.ravel((y_hat + h == y_hat)
                                    | (y_hat - h == y_hat)))[0]
        where = f"y_hat[{i}]" if np.ndim(y_hat) else "y_hat"
        value = np.ravel(y_hat)[i]
        raise ValueError(f"h={np.ravel(h)[i]:g} is too small to change "
                         f"{where}={value:g} in float64; use a larger h")
    up, down = y_hat + h, y_hat - h
    out = ((up - y) ** 2 - (down - y) ** 2) / n / (up - down)
    return out if np.ndim(y_hat) else float(out)


@np.errstate(over="ignore", invalid="ignore")
def _rounding(x, y, at, nudges):
    """({p: manual's rounding}, {p: numeric's rounding}) of dloss/dp:
    how far float64 rounding alone can move each gradient."""
    n = np.size(x)
    r = forward(x, y, **at).r
    size = terms(x, y, **at)
    per_point = 2 * (SLACK * size + (n + 4) * EPS * np.abs(r)) / n
    manual, numeric = {"y_hat": per_point + 4 * TINY}, {}
    for p in PARAMS:
        g = np.abs(_slopes(x)[p])
        manual[p] = float(np.sum(per_point * g) + 4 * TINY)
        up, down, *ends = nudges[p]
        sides = sum(np.mean(2 * SLACK * np.abs(end.r)
                            * (size + g * abs(v - at[p]))
                            + (n + 4) * EPS * end.r**2) + 4 * TINY
                    for v, end in zip((up, down), ends))
        numeric[p] = float(sides / (up - down))
    return manual, numeric


@dataclass(frozen=True)
class Check:
    """gradient_check's answer: an Agreement for each of w1, w2 and b,
    the steps h used, and the worst verdict."""
    w1: object
    w2: object
    b: object
    h: dict

    @property
    def verdict(self):
        return worst(getattr(self, p).verdict for p in PARAMS)


def gradient_check(x, y, w1, w2, b, h=None, manual=None):
    """Manual (chain-rule) gradients against central differences, judged
    by bplab.gradcheck.judge with the rounding of both taken into account.

    manual: other gradients to judge instead (a Gradients, or a tuple
    for w1, w2, b), such as a formula with a slip in it.
    """
    inputs = dict(x=x, y=y, w1=w1, w2=w2, b=b)
    x, y, w1, w2, b = model_inputs(x, y, w1, w2, b)
    forward(x, y, w1, w2, b)                # the loss overflows: say so
    at = dict(w1=w1, w2=w2, b=b)
    nudges = _nudges(x, y, at, h)
    if manual is None:
        manual = manual_backward(**inputs)
    if isinstance(manual, Gradients):
        manual = (manual.w1, manual.w2, manual.b)
    by_manual, by_numeric = _rounding(x, y, at, nudges)
    checks = {p: agreement(a, _slope(p, *nudges[p], inputs), by_manual[p],
                           by_numeric[p])
              for p, a in zip(PARAMS, manual)}
    hs = {p: (nudges[p][0] - nudges[p][1]) / 2 for p in PARAMS}
    return Check(**checks, h=hs)


def exact_rounding(x, y, w1, w2, b):
    """{name: rounding} of dloss/d(y_hat, w1, w2, b) for comparing two
    chain-rule paths (manual, torch, engine): each may be off by this."""
    x, y, w1, w2, b = model_inputs(x, y, w1, w2, b)
    at = dict(w1=w1, w2=w2, b=b)
    return _rounding(x, y, at, _nudges(x, y, at, None))[0]
