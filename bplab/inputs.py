"""Checking x, y, w1, w2, b, h and the other numbers before any maths.

Every public function of bplab takes its numbers through here, so a bad
value gets the same clear error everywhere: a TypeError or ValueError
that names the argument, never an OverflowError, a numpy internal error
or a silent inf.
"""
import decimal
import math
import numbers

import numpy as np

MAX_BATCH = 10**6   # points in a batch of x and y
KINDS = {"b": "bool", "c": "complex numbers", "U": "str", "S": "bytes",
         "M": "datetimes", "m": "timedeltas", "O": "Python objects",
         "V": "raw bytes"}


def scalar(name, value):
    """`value` as a finite float, or an error that names `name`.

    Real numbers of any kind are taken: int, float, Fraction, Decimal,
    numpy scalars and 0-d arrays of ints and floats, one-number torch
    tensors."""
    value = _unwrapped(name, value)
    if isinstance(value, decimal.Decimal):
        return _decimal(name, value)
    if isinstance(value, (bool, np.bool_)) or not isinstance(
            value, numbers.Real):
        raise TypeError(
            f"{name} must be a real number, got {type(value).__name__}"
            f" {value!r:.40}")
    try:
        number = float(value)
    except OverflowError:           # int, Fraction
        number, value = math.inf, _short(value)
    if not math.isfinite(number):
        if isinstance(value, str) or (isinstance(value, np.floating)
                                      and np.isfinite(value)):
            raise ValueError(f"{name} is beyond float64's range (about "
                             f"±1.8e308), got {_short(value)}")
        raise ValueError(f"{name} must be finite, got {number}")
    return number


def _unwrapped(name, value):
    """A 0-d array, a numpy scalar or a torch tensor as a plain number;
    anything that is not a real number refused by name."""
    if _is_tensor(value):
        kind = str(value.dtype).removeprefix("torch.")
        if value.numel() != 1 or value.dim() or kind == "bool" or \
                kind.startswith("complex"):
            raise TypeError(f"{name} must be a real number, got a torch "
                            f"tensor of {kind}, shape "
                            f"{tuple(value.shape)}")
        return value.item()
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, np.generic) and value.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be a real number, got numpy "
                        f"{type(value).__name__} {value!r:.40}")
    return value


def _is_tensor(value):
    return type(value).__module__.startswith("torch") and hasattr(
        value, "numel")


def _decimal(name, value):
    if not value.is_finite():
        raise ValueError(f"{name} must be finite, got Decimal {value}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} is beyond float64's range (about "
                         f"±1.8e308), got Decimal {value:.3e}")
    return number


def _short(value):
    """A huge number in a few characters."""
    if isinstance(value, str):      # already short
        return value
    if isinstance(value, numbers.Integral):
        return f"an int of {len(str(abs(int(value))))} digits"
    return f"{type(value).__name__} {str(value)[:30]}"


def data(name, value):
    """x or y: a finite float, or a finite 1-D float64 array (a batch)."""
    if _is_tensor(value) and value.dim():
        value = _tensor_list(name, value)
    if not isinstance(value, (list, tuple, np.ndarray)) or (
            isinstance(value, np.ndarray) and value.ndim == 0):
        return np.float64(scalar(name, value))
    if len(value) > MAX_BATCH:
        raise ValueError(f"{name} has {len(value)} points; at most "
                         f"{MAX_BATCH} fit in a batch")
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as error:  # ragged nested lists
        raise ValueError(f"{name} must be 1-D: {error}") from None
    if array.ndim == 0:
        return np.float64(scalar(name, array))
    if array.ndim > 1:
        raise ValueError(
            f"{name} must be a number or 1-D, got {array.ndim}-D with "
            f"shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} is an empty batch: give at least one value")
    if array.dtype.kind == "O":     # Fractions, Decimals, huge ints, None
        array = np.array([_item(name, i, v) for i, v in enumerate(array)])
    if array.dtype.kind not in "iuf":
        kind = KINDS.get(array.dtype.kind, "something other than numbers")
        raise TypeError(f"{name} must hold real numbers, it holds {kind}")
    bad = np.flatnonzero(~np.isfinite(array))
    if bad.size:
        raise ValueError(
            f"{name} must be finite, {name}[{bad[0]}] is {array[bad[0]]}")
    with np.errstate(over="ignore"):
        array = array.astype(np.float64)
    bad = np.flatnonzero(~np.isfinite(array))
    if bad.size:
        raise ValueError(f"{name}[{bad[0]}] is beyond float64's range")
    array.flags.writeable = False
    return array


def _item(name, i, value):
    """One element of an object array, as a float."""
    try:
        return scalar(f"{name}[{i}]", value)
    except TypeError:
        raise TypeError(f"{name} must hold real numbers, {name}[{i}] is "
                        f"{type(value).__name__}") from None


def _tensor_list(name, value):
    kind = str(value.dtype).removeprefix("torch.")
    if kind == "bool" or kind.startswith("complex"):
        raise TypeError(f"{name} must hold real numbers, it holds a torch "
                        f"tensor of {kind}")
    return value.detach().cpu().double().numpy()


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
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(
            value, numbers.Integral) or (isinstance(value, np.generic)
                                         and value.dtype.kind not in "iu"):
        raise TypeError(f"{name} must be a whole number, got "
                        f"{type(value).__name__} {value!r:.20}")
    if value < lo or (hi is not None and value > hi):
        bound = f">= {lo}" if hi is None else f"from {lo} to {hi}"
        raise ValueError(f"{name} must be {bound}, got {value}")
    return int(value)


def finite(name, value, inputs):
    """`value` unchanged, or a ValueError if float64 overflowed on it."""
    with np.errstate(invalid="ignore"):
        ok = np.all(np.isfinite(value))
    if not ok:
        shown = ", ".join(f"{k}={_shown(v)}" for k, v in inputs.items())
        raise ValueError(
            f"{name} overflows float64 at {shown}; use smaller inputs")
    return value


def _shown(value):
    """An input as short text, the same whichever path received it."""
    try:
        return f"{scalar('value', value):.6g}"
    except (TypeError, ValueError):
        return f"a batch of {np.size(value)}" if np.ndim(value) else \
            f"{value!r:.20}"
