"""Slider values as a short text to paste elsewhere, and back.

    >>> dumps({"x": 1.5, "y": 2.0, "w1": 1.0, "w2": 2.0, "b": 2.0})
    'bplab:x=1.5,y=2,w1=1,w2=2,b=2'

`loads` reads such a text back, checking it against the names a view
expects; whatever is wrong with the text, it says what in a ValueError,
quoting the text as typed. A value is what Python's float() reads from
plain ASCII decimals (1.5, -2, +.5, 3e-4); anything else (other digits,
underscores, nan, inf) is refused.
"""
import math
import numbers
import re

from ..i18n import _

PREFIX = "bplab:"
DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def dumps(values):
    """{name: number} as 'bplab:name=value,...' (10 significant digits)."""
    parts = []
    for name, value in values.items():
        if not str(name).isidentifier():
            raise ValueError(f"name {name!r} is not a valid name to share")
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"{name} must be a real number, got "
                            f"{type(value).__name__}")
        if not math.isfinite(value):
            raise ValueError(f"{name} must be finite, got {value}")
        parts.append(f"{name}={_number(value)}")
    return PREFIX + ",".join(parts)


def _number(value):
    if isinstance(value, numbers.Integral):
        return str(int(value))
    text = f"{float(value):.10g}"
    return "0" if text == "-0" else text


def loads(text, names):
    """{name: float} from a text made by `dumps`.

    names: the names the text must give, each once; or a dict
    {name: (lo, hi)} to check each value lies in its slider's range
    too (int bounds mean the value must be a whole number).
    """
    if not isinstance(text, str):
        raise TypeError(_("the shared text must be a str, got {type}")
                        .format(type=type(text).__name__))
    ranges = names if isinstance(names, dict) else dict.fromkeys(names)
    body = text.strip().strip("'\"` ")
    if body.startswith(PREFIX):
        body = body[len(PREFIX):]
    if not body.strip():
        raise ValueError(_("the text is empty: paste a text like "
                           "{example}").format(example=_example(ranges)))
    values = {}
    for part in body.split(","):
        name, value = _pair(part.strip(), ranges)
        if name in values:
            raise ValueError(_("{name} is given twice").format(name=name))
        values[name] = value
    missing = [name for name in ranges if name not in values]
    if missing:
        raise ValueError(_("missing a value for {names}").format(
            names=", ".join(missing)))
    return {name: values[name] for name in ranges}


def _pair(part, ranges):
    """(name, value) from 'name=value', checked against ranges."""
    if "=" not in part:
        raise ValueError(_("{part!r:.40} is not of the form name=value")
                         .format(part=part))
    name, text = (s.strip() for s in part.split("=", 1))
    if name not in ranges:
        known = ", ".join(ranges)
        raise ValueError(_("unknown name {name!r:.20}: this view has "
                           "{known}").format(name=name, known=known))
    if not text:
        raise ValueError(_("{name} has no value").format(name=name))
    if not DECIMAL.fullmatch(text):
        raise ValueError(_("{name} must be a number in plain digits (like "
                           "1.5 or -2e-3), got {text}").format(
            name=name, text=_typed(text)))
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(_("{name} must be finite, got {text}").format(
            name=name, text=_typed(text)))
    return name, _in_range(name, text, value, ranges[name])


def _typed(text):
    """The text as typed, quoted (cut at 30 characters)."""
    return repr(text if len(text) <= 30 else text[:29] + "…")


def _in_range(name, text, value, bounds):
    if bounds is None:
        return value
    lo, hi = bounds
    if not lo <= value <= hi:
        raise ValueError(_("{name}={value} is outside the {name} slider's "
                           "range {lo} to {hi}").format(
            name=name, value=text, lo=_number(lo), hi=_number(hi)))
    whole = isinstance(lo, numbers.Integral) and isinstance(
        hi, numbers.Integral)
    if whole and not value.is_integer():
        raise ValueError(_("{name} must be a whole number, got {value}")
                         .format(name=name, value=text))
    return int(value) if whole else value


def _example(ranges):
    return PREFIX + ",".join(f"{name}=1" for name in ranges)
