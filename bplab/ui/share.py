"""Slider values as a short text to paste elsewhere, and back.

    >>> dumps({"x": 1.5, "y": 2.0, "w1": 1.0, "w2": 2.0, "b": 2.0})
    'bplab:x=1.5,y=2,w1=1,w2=2,b=2'

`loads` reads such a text back, checking it against the names a view
expects; whatever is wrong with the text, it says what in a ValueError.
"""
import math
import numbers

PREFIX = "bplab:"


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
        raise TypeError(f"the shared text must be a str, got "
                        f"{type(text).__name__}")
    ranges = names if isinstance(names, dict) else dict.fromkeys(names)
    body = text.strip().strip("'\"` ")
    if body.startswith(PREFIX):
        body = body[len(PREFIX):]
    if not body.strip():
        raise ValueError(f"the text is empty: paste a text like "
                         f"{_example(ranges)}")
    values = {}
    for part in body.split(","):
        name, value = _pair(part.strip(), ranges)
        if name in values:
            raise ValueError(f"{name} is given twice")
        values[name] = value
    missing = [name for name in ranges if name not in values]
    if missing:
        raise ValueError(f"missing a value for {', '.join(missing)}")
    return {name: values[name] for name in ranges}


def _pair(part, ranges):
    """(name, value) from 'name=value', checked against ranges."""
    if "=" not in part:
        raise ValueError(f"{part!r:.40} is not of the form name=value")
    name, text = (s.strip() for s in part.split("=", 1))
    if name not in ranges:
        known = ", ".join(ranges)
        raise ValueError(f"unknown name {name!r:.20}: this view has "
                         f"{known}")
    if not text:
        raise ValueError(f"{name} has no value")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name} must be a number, got {text!r:.20}") \
            from None
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {text!r:.20}")
    return name, _in_range(name, value, ranges[name])


def _in_range(name, value, bounds):
    if bounds is None:
        return value
    lo, hi = bounds
    if not lo <= value <= hi:
        raise ValueError(f"{name}={_number(value)} is outside the {name} "
                         f"slider's range {_number(lo)} to {_number(hi)}")
    whole = isinstance(lo, numbers.Integral) and isinstance(
        hi, numbers.Integral)
    if whole and not value.is_integer():
        raise ValueError(f"{name} must be a whole number, got "
                         f"{_number(value)}")
    return int(value) if whole else value


def _example(ranges):
    return PREFIX + ",".join(f"{name}=1" for name in ranges)
