"""Gradients by central differences, and the relative error to judge them.

CS231n's rule of thumb for float64: a relative error of about 1e-7 or
less means the gradient is right; above 1e-2 it is wrong.
"""
import numpy as np

from .inputs import positive
from .model import RUNNING
from .results import Gradients, Result

GOOD, BAD = 1e-7, 1e-2


def central(f, v, h):
    """(f(v + h) - f(v - h)) / 2h: the slope of f at v."""
    return (f(v + h) - f(v - h)) / (2 * h)


def numeric_backward(x, y, w1, w2, b, h=1e-5):
    """Nudge each of y_hat, w1, w2, b by +-h and watch the loss move."""
    return RUNNING.numeric_backward(x, y, w1, w2, b, h=h)


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


def rel_error(a, b):
    """|a - b| / max(|a|, |b|), 0 where both are 0; the worst over fields.

    Works for two numbers, two arrays, or two results of the same kind.
    """
    if isinstance(a, Result) or isinstance(b, Result):
        if type(a) is not type(b):
            raise TypeError(
                "rel_error compares two results of the same kind, got "
                f"{type(a).__name__} and {type(b).__name__}")
        return max(rel_error(p, q) for p, q in zip(a, b))
    a, b = _numbers("a", a), _numbers("b", b)
    if np.shape(a) != np.shape(b):
        raise ValueError(
            f"rel_error needs equal shapes, got {np.shape(a)} and "
            f"{np.shape(b)}")
    scale = np.maximum(np.abs(a), np.abs(b))
    with np.errstate(invalid="ignore", divide="ignore"):
        error = np.where(scale == 0, 0.0, np.abs(a - b) / scale)
    return float(np.max(error))


def _numbers(name, value):
    array = np.asarray(value)
    if array.dtype.kind not in "iuf" or isinstance(value, bool):
        raise TypeError(
            f"rel_error: {name} must be a number, an array of numbers or a "
            f"result, got {type(value).__name__}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"rel_error: {name} must be finite, got {value!r}")
    return array.astype(np.float64)
