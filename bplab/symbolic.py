"""A Model's graph as sympy expressions (sympy imported on first use)."""
from .model import RULES


def expressions(model):
    """One sympy expression per node of the graph, for one data point.

    Parts made of numbers alone become their float64 value (computed by
    RULES, so 2**2**2**99 overflows instead of growing without end).
    """
    import sympy

    ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b,
           "*": lambda a, b: a * b, "/": lambda a, b: a / b,
           "**": lambda a, b: a**b, "neg": lambda a: -a, "exp": sympy.exp,
           "log": sympy.log, "sin": sympy.sin, "cos": sympy.cos,
           "tanh": sympy.tanh, "sqrt": sympy.sqrt, "=": lambda a: a,
           "sigmoid": lambda a: 1 / (1 + sympy.exp(-a)),
           "relu": lambda a: sympy.Max(a, 0), "loss": lambda r: r**2}
    out, numbers = [], []
    for i, node in enumerate(model.nodes):
        if model.constant[i]:
            value = node.number if node.op == "number" else _fold(
                model, i, numbers)
            numbers.append(value)
            out.append(_number(sympy, value))
            continue
        numbers.append(None)
        if node.op in ("x", "y", "parameter"):
            out.append(sympy.Symbol(node.text, real=True))
        else:
            out.append(ops[node.op](*(out[a] for a in node.args)))
    return out


def _fold(model, i, numbers):
    """The float64 value of constant node i, or a ValueError."""
    import numpy as np
    node = model.nodes[i]
    with np.errstate(all="ignore"):
        value = float(RULES[node.op][0](*(numbers[a] for a in node.args)))
    if not np.isfinite(value):
        raise ValueError(f"{node.text!r} is not a finite float64 number")
    return value


def _number(sympy, value):
    """Whole numbers stay exact (x**2, not x**2.0); others are Floats."""
    if value.is_integer() and abs(value) <= 1e6:
        return sympy.Integer(int(value))
    return sympy.Float(value)
