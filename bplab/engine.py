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

from .i18n import _
from .inputs import finite, model_inputs, scalar
from .model import forward
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


def _fmt(v):
    return fmt(v, 4)


def model_graph(x, y, w1, w2, b):
    """The running example built from Values: {name: Value}, loss last."""
    names = ["x", "y", "w1", "w2", "b"]
    inputs = model_inputs(x, y, w1, w2, b)
    if any(getattr(v, "ndim", 0) for v in inputs):
        raise ValueError("model_graph takes one data point: x and y must "
                         "be numbers, not batches")
    x, y, w1, w2, b = (Value(v, label=n) for n, v in zip(names, inputs))
    nodes = dict(x=x, y=y, w1=w1, w2=w2, b=b)
    nodes["x**2"] = x**2
    nodes["w1*x**2"] = w1 * nodes["x**2"]
    nodes["w2*x"] = w2 * x
    nodes["w1*x**2 + w2*x"] = nodes["w1*x**2"] + nodes["w2*x"]
    nodes["y_hat"] = nodes["w1*x**2 + w2*x"] + b
    nodes["r"] = nodes["y_hat"] - y
    nodes["loss"] = nodes["r"] ** 2
    for name, node in nodes.items():
        node.label = name
    return nodes


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
