"""An autograd engine of our own: a scalar `Value` that remembers its past.

Each operation computes `out` and, right beside that forward code, defines
`_backward`: how out's gradient flows back to its inputs (the local
derivative times out.grad). `backward()` runs those closures from the
output back to the inputs, in reverse topological order.

    grad is None   until backward() has run: "not computed yet", not 0.
    grad adds up   where a value is used twice (x in x**2 and in w2*x),
                   and over backward() calls: call zero_grad() in between,
                   or the second call gives 12 where the first gave 6.
                   `passes` counts the backward() calls a grad holds.
"""
import math
import numbers

import numpy as np

from .i18n import _
from .inputs import finite, model_inputs, scalar
from .model import RUNNING, forward
from .results import Gradients, fmt


class Value:
    """A number, the values it was made from, and its gradient."""

    __array_ufunc__ = None          # numpy numbers defer to our operations

    def __init__(self, data, _prev=(), _op="", label=""):
        self.data = scalar("data", data)
        self.grad = None        # d(output)/d(self); None: not computed yet
        self.passes = 0         # backward() calls summed into grad
        self._prev = tuple(_prev)
        self._op = _op
        self.label = label
        self._backward = lambda: None

    def __add__(self, other):
        other = _value(other)
        out = _out(self.data + other.data, (self, other), "+")

        def _backward():            # d(a + b)/da = 1, d(a + b)/db = 1
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = _value(other)
        out = _out(self.data * other.data, (self, other), "*")

        def _backward():            # d(a * b)/da = b, d(a * b)/db = a
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, n):
        n = _exponent(n)
        out = _out(_power(self.data, n, "a ** n"), (self,), f"**{n:g}")

        def _backward():            # d(a ** n)/da = n * a ** (n - 1)
            local = n * _power(self.data, n - 1, "the derivative of a ** n")
            self.grad += local * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = _out(t, (self,), "tanh")

        def _backward():            # d tanh(a)/da = 1 - tanh(a) ** 2
            self.grad += (1 - t**2) * out.grad
        out._backward = _backward
        return out

    def __truediv__(self, other):
        other = _value(other)
        out = _out(_divide(self.data, other.data), (self, other), "/")

        def _backward():            # d(a / b)/da = 1/b, d(a / b)/db = -a/b**2
            self.grad += out.grad / other.data
            other.grad -= self.data / other.data**2 * out.grad
        out._backward = _backward
        return out

    def relu(self):
        out = _out(max(self.data, 0.0), (self,), "relu")

        def _backward():            # d relu(a)/da = 1 if a > 0, else 0
            self.grad += (out.data > 0) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        out = _out(_call(math.exp, self.data, "exp"), (self,), "exp")

        def _backward():            # d e**a/da = e**a
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def log(self):
        if self.data <= 0:
            raise ValueError(f"log needs a > 0, got a={self.data:.4g}")
        out = _out(math.log(self.data), (self,), "log")

        def _backward():            # d log(a)/da = 1/a
            self.grad += out.grad / self.data
        out._backward = _backward
        return out

    def sigmoid(self):
        s = _sigmoid(self.data)
        out = _out(s, (self,), "sigmoid")

        def _backward():            # d sigmoid(a)/da = s * (1 - s)
            self.grad += s * (1 - s) * out.grad
        out._backward = _backward
        return out

    def sqrt(self):
        if self.data < 0:
            raise ValueError(f"sqrt needs a >= 0, got a={self.data:.4g}")
        out = _out(math.sqrt(self.data), (self,), "sqrt")

        def _backward():            # d sqrt(a)/da = 1 / (2 sqrt(a))
            self.grad += _divide(0.5, out.data, "the slope of sqrt") \
                * out.grad
        out._backward = _backward
        return out

    def __sub__(self, other):
        other = _value(other)
        out = _out(self.data - other.data, (self, other), "-")

        def _backward():            # d(a - b)/da = 1, d(a - b)/db = -1
            self.grad += out.grad
            other.grad -= out.grad
        out._backward = _backward
        return out

    def __neg__(self):
        out = _out(-self.data, (self,), "neg")

        def _backward():            # d(-a)/da = -1
            self.grad -= out.grad
        out._backward = _backward
        return out

    def __radd__(self, other):      # 2 + a
        return self + other

    def __rmul__(self, other):      # 2 * a
        return self * other

    def __rsub__(self, other):      # 2 - a
        return _value(other) - self

    def __rtruediv__(self, other):  # 2 / a
        return _value(other) / self

    def graph(self):
        """self and every Value it was made from, each once, inputs first.

        Iterative depth-first search: no recursion limit to hit.
        """
        order, seen, stack = [], set(), [(self, False)]
        while stack:
            node, done = stack.pop()
            if done:                # all its inputs are in order already
                order.append(node)
            elif node not in seen:
                seen.add(node)
                stack.append((node, True))
                stack.extend((p, False) for p in node._prev
                             if p not in seen)
        return order

    def backward(self):
        """ADD d(self)/d(node) to node.grad for every node of the graph.

        A fresh graph gets its gradients; a second call without
        zero_grad() adds the same amounts again, as PyTorch does.
        """
        order = self.graph()
        before = [node.grad or 0.0 for node in order]
        for node in order:          # this pass, on its own
            node.grad = 0.0
        self.grad = 1.0             # d(self)/d(self)
        for node in reversed(order):
            node._backward()
        for node, old in zip(order, before):
            node.grad += old
            node.passes += 1
        _finite_grads(order)

    def zero_grad(self):
        """Forget the gradients of self and all it was made from."""
        for node in self.graph():
            node.grad, node.passes = None, 0

    def __repr__(self):
        name = f"{self.label}: " if self.label else ""
        return f"Value({name}data={_fmt(self.data)}, grad={self.grad_text()})"

    def grad_text(self):
        """The gradient as text, saying so when it is not computed yet."""
        if self.grad is None:
            return _("not computed yet")
        summed = (" " + _("(summed over {calls} backward() calls)").format(
            calls=self.passes) if self.passes > 1 else "")
        return _fmt(self.grad) + summed


def _finite_grads(order):
    """A ValueError naming the first Value whose gradient overflowed."""
    for node in reversed(order):
        if not math.isfinite(node.grad):
            name = node.label or f"a Value made by {node._op or 'input'}"
            raise ValueError(f"backward(): the gradient of {name} "
                             f"overflows float64 ({node.grad})")


def _value(v):
    """v as a Value: Values pass through, numbers become constants."""
    if isinstance(v, Value):
        return v
    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        raise TypeError(f"a Value combines with Values and real numbers, "
                        f"not {type(v).__name__}")
    return Value(v)


def _out(data, prev, op):
    """The result of an operation; an error instead of inf or nan."""
    if not math.isfinite(data):
        shown = ", ".join(f"{p.data:.4g}" for p in prev)
        raise ValueError(f"{op} of {shown} overflows float64")
    return Value(data, prev, op)


def _exponent(n):
    if isinstance(n, bool) or not isinstance(n, numbers.Real):
        raise TypeError(f"a ** n needs a constant real number n, got "
                        f"{type(n).__name__}")
    return scalar("n", n)


def _power(a, n, what):
    try:
        return math.pow(a, n)
    except (ValueError, ZeroDivisionError, OverflowError):
        raise ValueError(f"{what} is not a finite real number at "
                         f"a={a:.4g}, n={n:g}") from None


def _divide(a, b, what="a / b"):
    if b == 0:
        raise ValueError(f"{what}: division by zero at a={a:.4g}, b=0")
    return a / b


def _call(f, a, what):
    try:
        return f(a)
    except OverflowError:
        raise ValueError(f"{what} of {a:.4g} overflows float64") from None


def _sigmoid(a):
    """1 / (1 + e**-a), without overflow for large negative a."""
    if a >= 0:
        return 1 / (1 + math.exp(-a))
    e = math.exp(a)
    return e / (1 + e)


def _fmt(v):
    return fmt(v, 4)


def build(model, x, y, *values, **named):
    """A Model's graph built from Values: {id: Value}, loss last."""
    x, y, params = model.inputs(x, y, *values, **named)
    if np.ndim(x):
        raise ValueError("the engine takes one data point: x and y must "
                         "be numbers, not batches")
    out, at = {}, dict(x=x, y=y, **params)
    for i, node in enumerate(model.nodes):
        args = [out.get(model.ids[a]) for a in node.args]
        if node.op in ("x", "y", "parameter"):
            value = Value(at[node.text])
        elif node.op == "number":
            value = Value(node.number)
        elif model.rule(i) == "**n":
            value = args[0] ** model.nodes[node.args[1]].number
        elif node.op in OPERATORS:
            value = OPERATORS[node.op](*args)
        else:
            value = getattr(args[0], node.op)()
        value.label = model.ids[i]
        out[model.ids[i]] = value
    return {model.ids[i]: out[model.ids[i]]
            for i in range(len(model.nodes)) if not model.constant[i]}


OPERATORS = {"+": lambda a, b: a + b, "-": lambda a, b: a - b,
             "*": lambda a, b: a * b, "/": lambda a, b: a / b,
             "**": lambda a, b: a ** b,   # a TypeError: n must be constant
             "neg": lambda a: -a, "=": lambda a: a,
             "loss": lambda r: r**2}


def model_graph(x, y, w1, w2, b):
    """The running example built from Values: {name: Value}, loss last."""
    return build(RUNNING, x, y, w1, w2, b)


def model_gradients(nodes):
    """dloss/dy_hat, w1, w2, b of a model_graph after loss.backward()."""
    return Gradients(*(nodes[n].grad for n in ["y_hat", "w1", "w2", "b"]))


def engine_backward(x, y, w1, w2, b):
    """The running example's gradients, by our own engine; an overflow
    is named as manual_backward names it."""
    inputs = dict(x=x, y=y, w1=w1, w2=w2, b=b)
    forward(**inputs)           # the loss overflows: said as manual says it
    nodes = model_graph(x, y, w1, w2, b)
    try:
        nodes["loss"].backward()
    except ValueError:
        for name in ("y_hat", "w1", "w2", "b", "x", "y"):
            finite(f"dloss/d{name}", nodes[name].grad, inputs)
        raise
    return model_gradients(nodes)
