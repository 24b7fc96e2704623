"""Checking x, y, w1, w2, b and h before any maths touches them."""
import math
import numbers

import numpy as np


def scalar(name, value):
    """`value` as a finite float, or an error that names `name`."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(
            value, numbers.Real):
        raise TypeError(
            f"{name} must be a real number, got {type(value).__name__}"
            f" {value!r:.40}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def data(name, value):
    """x or y: a finite float, or a finite 1-D float64 array (a batch)."""
    if not isinstance(value, (list, tuple, np.ndarray)):
        return np.float64(scalar(name, value))  # overflows to inf, not error
    try:
        array = np.asarray(value)
    except ValueError as error:  # ragged nested lists
        raise ValueError(f"{name} must be 1-D: {error}") from None
    if array.ndim == 0:
        return np.float64(scalar(name, array))
    if array.dtype.kind not in "iuf":
        kinds = {"b": "bool", "c": "complex", "U": "str", "S": "bytes"}
        kind = kinds.get(array.dtype.kind, "something other than numbers")
        raise TypeError(f"{name} must hold real numbers, it holds {kind}")
    if array.ndim > 1:
        raise ValueError(
            f"{name} must be a number or 1-D, got {array.ndim}-D with "
            f"shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} is an empty batch: give at least one value")
    bad = np.flatnonzero(~np.isfinite(array))
    if bad.size:
        raise ValueError(
            f"{name} must be finite, {name}[{bad[0]}] is {array[bad[0]]}")
    array = array.astype(np.float64)
    array.flags.writeable = False
    return array


def model_inputs(x, y, w1, w2, b):
    """The five inputs checked: x, y scalars or equal-length batches."""
    x, y = data_pair(x, y)
    return x, y, scalar("w1", w1), scalar("w2", w2), scalar("b", b)


def data_pair(x, y):
    """x and y checked: both scalars, or batches of the same length."""
    x, y = data("x", x), data("y", y)
    if np.ndim(x) != np.ndim(y):
        which = "x" if np.ndim(x) else "y"
        raise ValueError(
            f"x and y must both be numbers or both be batches; only {which}"
            " is a batch")
    if np.ndim(x) and len(x) != len(y):
        raise ValueError(
            f"x and y must have the same length, got {len(x)} and {len(y)}")
    return x, y


def positive(name, value):
    """A finite float > 0 (h, lr), or an error that names `name`."""
    value = scalar(name, value)
    if value <= 0:
        raise ValueError(f"{name} must be > 0, got {value}")
    return value


def whole(name, value, lo=0, hi=None):
    """An int from lo (to hi, if given), or an error that names `name`."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got "
                        f"{type(value).__name__} {value!r:.20}")
    if value < lo or (hi is not None and value > hi):
        bound = f">= {lo}" if hi is None else f"from {lo} to {hi}"
        raise ValueError(f"{name} must be {bound}, got {value}")
    return int(value)


def finite(name, value, inputs):
    """`value` unchanged, or a ValueError if float64 overflowed on it."""
    if not np.all(np.isfinite(value)):
        shown = ", ".join(f"{k}={v!r:.20}" for k, v in inputs.items())
        raise ValueError(
            f"{name} overflows float64 for {shown}; use smaller inputs")
    return value
