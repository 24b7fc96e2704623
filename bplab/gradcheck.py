"""Do two gradients agree? One rule, with rounding taken into account.

a and b are two gradients of the same thing (formula and finite
differences, manual and torch), numbers or arrays; ua and ub, their
rounding, say how far float64 rounding alone can have moved each of
them. With d = |a - b|, m = max(|a|, |b|) and u = ua + ub:

    right   both are zero up to their rounding (|a| <= ua, |b| <= ub);
            or d <= GOOD * m + u, with rounding small beside the
            gradients (u <= BAD * m), so no error above BAD can hide
    wrong   d > BAD * m + u: apart by more than rounding explains, and
            by more than BAD relative
    unsure  anything else: rounding too large to tell, or a relative
            error between GOOD and BAD

GOOD and BAD are CS231n's thresholds for a relative error in float64.
For arrays the verdict is the worst over the elements.
"""
import math
from dataclasses import dataclass

import numpy as np

from .results import Result

GOOD, BAD = 1e-7, 1e-2
VERDICTS = ("right", "unsure", "wrong")
EPS = float(np.finfo(np.float64).eps)


def judge(a, b, ua=0.0, ub=None):
    """'right', 'unsure' or 'wrong' by the rule above; ub defaults to ua.

    Numbers or arrays (of one shape, or broadcasting)."""
    a, b = _numbers("a", a), _numbers("b", b)
    ua = _numbers("ua", ua)
    ub = ua if ub is None else _numbers("ub", ub)
    if np.any(ua < 0) or np.any(ub < 0):
        raise ValueError("rounding ua and ub must be >= 0")
    if all(type(v) is float for v in (a, b, ua, ub)):
        return _judge_numbers(a, b, ua, ub)
    d, m, u = np.abs(a - b), np.maximum(np.abs(a), np.abs(b)), ua + ub
    zero = (np.abs(a) <= ua) & (np.abs(b) <= ub)
    right = zero | ((d <= GOOD * m + u) & (u <= BAD * m))
    wrong = ~zero & (d > BAD * m + u)
    if np.any(wrong):
        return "wrong"
    return "right" if np.all(right) else "unsure"


def _judge_numbers(a, b, ua, ub):
    """judge() for four floats, without numpy's overhead."""
    d, m, u = abs(a - b), max(abs(a), abs(b)), ua + ub
    if abs(a) <= ua and abs(b) <= ub:
        return "right"
    if d > BAD * m + u:
        return "wrong"
    return "right" if d <= GOOD * m + u and u <= BAD * m else "unsure"


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
    a, b = _numbers("rel_error: a", a), _numbers("rel_error: b", b)
    if type(a) is float and type(b) is float and abs(a - b) < math.inf:
        return abs(a - b) / max(abs(a), abs(b)) if a or b else 0.0
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        raise ValueError(f"rel_error needs equal shapes, got {a.shape} and "
                         f"{b.shape}")
    if not a.size:
        raise ValueError("rel_error needs at least one number, got empty "
                         "arrays")
    scale = np.maximum(np.abs(a), np.abs(b))
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        error = np.abs(a - b) / scale
        halves = np.abs(a / 2 - b / 2) / (scale / 2)  # a - b overflowed
    error = np.where(np.isinf(error), halves, error)
    return float(np.max(np.where(scale == 0, 0.0, error)))


@dataclass(frozen=True)
class Agreement:
    """Two gradients of one thing, how far rounding can move each, their
    relative error and the verdict of judge()."""
    manual: object
    other: object
    rel_error: float
    rounding: tuple
    verdict: str

    @property
    def zero(self):
        """Both zero up to their rounding."""
        ua, ub = self.rounding
        return bool(np.all(np.abs(self.manual) <= ua)
                    and np.all(np.abs(self.other) <= ub))


def agreement(manual, other, ua=0.0, ub=None):
    """An Agreement of manual with other, judged by judge()."""
    ub = ua if ub is None else ub
    return Agreement(manual, other, rel_error(manual, other), (ua, ub),
                     judge(manual, other, ua, ub))


def worst(verdicts):
    """The worst of some verdicts: wrong over unsure over right."""
    verdicts = list(verdicts)
    for word in ("wrong", "unsure"):
        if word in verdicts:
            return word
    return "right"


def _numbers(name, value):
    """value as a finite float (or float64 array), or an error naming
    `name`."""
    if type(value) is int:
        try:
            value = float(value)
        except OverflowError:
            digits = len(str(abs(value)))
            raise ValueError(f"{name} is beyond float64's range, got an "
                             f"int of {digits} digits") from None
    if type(value) is float and abs(value) < math.inf:
        return value
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be a number or an array of numbers, "
                        f"got {type(value).__name__}")
    try:
        array = np.asarray(value)
    except ValueError as error:
        raise ValueError(f"{name} must be a number or an array of numbers:"
                         f" {error}") from None
    if array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be a number or an array of numbers, "
                        f"got {type(value).__name__} of {array.dtype}")
    try:
        array = array.astype(np.float64)
    except OverflowError:
        raise ValueError(f"{name} is beyond float64's range") from None
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite, got {value!r:.60}")
    return float(array) if array.ndim == 0 else array
