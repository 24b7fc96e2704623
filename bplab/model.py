"""A model y_hat(x) as a graph of operations, and its chain rule.

    m = Model("a*tanh(w*x) + c")
    m.parameters                                # ('a', 'w', 'c')
    m.manual_backward(x=1.0, y=2.0, a=1.0, w=0.5, c=0.0).w

The loss is always mean((y_hat - y)**2). The running example is one
Model too, RUNNING: forward() and manual_backward() below are its own.

    y_hat = w1*x**2 + w2*x + b,   r = y_hat - y,   loss = mean(r**2)
"""
import math

import numpy as np

from .expression import Node, parse
from .inputs import data_pair, scalar
from .results import Forward, gradients_type

EXPRESSION = "w1*x**2 + w2*x + b"


def sigmoid(a):
    """1 / (1 + e**-a)."""
    return 1 / (1 + np.exp(-a))


def relu(a):
    """max(a, 0)."""
    return np.maximum(a, 0.0)


# op: (forward, local derivatives d out/d input), side by side
RULES = {
    "+": (lambda a, b: a + b, lambda a, b, out: (1.0, 1.0)),
    "-": (lambda a, b: a - b, lambda a, b, out: (1.0, -1.0)),
    "*": (lambda a, b: a * b, lambda a, b, out: (b, a)),
    "/": (lambda a, b: a / b, lambda a, b, out: (1 / b, -a / b**2)),
    "**": (np.power, lambda a, b, out: (b * a ** (b - 1), out * np.log(a))),
    "**n": (np.power, lambda a, n, out: (n * a ** (n - 1), 0.0)),
    "neg": (np.negative, lambda a, out: (-1.0,)),
    "exp": (np.exp, lambda a, out: (out,)),
    "log": (np.log, lambda a, out: (1 / a,)),
    "sin": (np.sin, lambda a, out: (np.cos(a),)),
    "cos": (np.cos, lambda a, out: (-np.sin(a),)),
    "tanh": (np.tanh, lambda a, out: (1 - out**2,)),
    "sigmoid": (sigmoid, lambda a, out: (out * (1 - out),)),
    "relu": (relu, lambda a, out: (np.where(a > 0, 1.0, 0.0),)),
    "sqrt": (np.sqrt, lambda a, out: (0.5 / out,)),
    "=": (lambda a: a, lambda a, out: (1.0,)),
    "loss": (lambda r: np.mean(r**2), lambda r, out: (2 * r / np.size(r),)),
}
# op: the same local derivatives as text, in the inputs' texts a and b
TEXTS = {
    "+": lambda a, b: ("1", "1"), "-": lambda a, b: ("1", "-1"),
    "*": lambda a, b: (b, a),
    "/": lambda a, b: (f"1/{_atom(b)}", f"-{_atom(a)}/{_atom(b)}**2"),
    "**": lambda a, b: (f"{_atom(b)}*{_atom(a)}**({b} - 1)",
                        f"{_atom(a)}**{_atom(b)}*log({a})"),
    "**n": lambda a, n: (_power_rule(_atom(a), n), "0"),
    "neg": lambda a: ("-1",), "exp": lambda a: (f"exp({a})",),
    "log": lambda a: (f"1/{_atom(a)}",), "sin": lambda a: (f"cos({a})",),
    "cos": lambda a: (f"-sin({a})",),
    "tanh": lambda a: (f"1 - tanh({a})**2",),
    "sigmoid": lambda a: (f"sigmoid({a})*(1 - sigmoid({a}))",),
    "relu": lambda a: (f"step({a})",),
    "sqrt": lambda a: (f"1/(2*sqrt({a}))",), "=": lambda a: ("1",),
    "loss": lambda r: ("2r",),
}
LEAVES = ("x", "y", "parameter", "number")


def _power_rule(a, n):
    """d a**n/da as text: 2x, 3*x**2, -1*x**(-2)."""
    k = float(n)
    if k == 2 and a.replace("_", "").isalnum():
        return f"2{a}"
    lower = f"{k - 1:g}" if k - 1 >= 0 else f"({k - 1:g})"
    return f"{n}*{a}" if k == 2 else f"{n}*{a}**{lower}"


class Model:
    """y_hat from a text such as "w1*x**2 + w2*x + b"; loss (y_hat - y)**2.

    nodes: the graph, inputs first, then y_hat, y, r and loss; ids: a name
    for each node (its text; "y_hat", "r" and "loss" for the last ones).
    """

    def __init__(self, expression):
        nodes = list(parse(expression))
        self.expression = expression.strip()
        if nodes[-1].op in LEAVES:          # y_hat = w: still an operation
            nodes.append(Node("=", (len(nodes) - 1,), self.expression))
        out = len(nodes) - 1
        nodes += [Node("y", (), "y"), Node("-", (out, out + 1), "y_hat - y"),
                  Node("loss", (out + 2,), "r**2")]
        self.nodes = tuple(nodes)
        self.ids = tuple(n.text for n in nodes[:out]) + (
            "y_hat", "y", "r", "loss")
        self.output = out
        self.parameters = tuple(n.text for n in nodes if n.op == "parameter")
        self.constant = _depends(self.nodes, ("number",))
        self.fixed = tuple(not d and i < out for i, d in enumerate(
            _depends(self.nodes, ("parameter",), on=True)))
        self._gradients = gradients_type(self.parameters)

    def __repr__(self):
        return f"Model({self.expression!r})"

    def inputs(self, x, y, *values, **named):
        """x, y checked, and {parameter: float} from values and names."""
        x, y = data_pair(x, y)
        if len(values) > len(self.parameters):
            raise TypeError(f"{self} has {len(self.parameters)} parameters "
                            f"({', '.join(self.parameters)}), got "
                            f"{len(values)} values")
        given = dict(zip(self.parameters, values))
        for name, value in named.items():
            if name not in self.parameters:
                raise TypeError(f"{name!r} is not a parameter of {self}; "
                                f"its parameters: {self._names()}")
            if name in given:
                raise TypeError(f"{name} is given twice")
            given[name] = value
        missing = [p for p in self.parameters if p not in given]
        if missing:
            raise TypeError(f"{self} needs a value for {', '.join(missing)}")
        return x, y, {p: scalar(p, given[p]) for p in self.parameters}

    def values(self, x, y, *values, **named):
        """The forward pass: every node's value, in the order of nodes."""
        x, y, params = self.inputs(x, y, *values, **named)
        point = _point(x, y, params)
        out = []
        with np.errstate(all="ignore"):
            for i, node in enumerate(self.nodes):
                out.append(self._value(i, node, out, x, y, params, point))
        return out

    def forward(self, x, y, *values, **named):
        """正向传播 forward propagation: y_hat, r and loss."""
        v = self.values(x, y, *values, **named)
        return Forward(v[self.output], v[-2], v[-1])

    def gradients(self, x, y, *values, every=True, **named):
        """反向传播: (values, grads, locals) by the chain rule from loss
        back to the inputs; locals {(input, node): d}. every=False: only
        what leads to the parameters (no dloss/dx, dloss/dy)."""
        v = self.values(x, y, *values, **named)
        point = _point(*self.inputs(x, y, *values, **named))
        grads = [0.0] * len(self.nodes)
        grads[-1] = 1.0                     # dloss/dloss
        local = {}
        with np.errstate(all="ignore"):
            for i in reversed(range(len(self.nodes))):
                for a, d in self._locals(i, v, point, every):
                    local[a, i] = local.get((a, i), 0.0) + d  # x*x: x + x
                    part = d * grads[i]     # chain rule: times d out/d a
                    if np.ndim(part) > np.ndim(v[a]):
                        part = np.sum(part)  # a scalar used by a batch
                    grads[a] = grads[a] + part
        return v, grads, local

    def manual_backward(self, x, y, *values, **named):
        """dloss/dy_hat and dloss/d(each parameter), by the chain rule."""
        v, grads, _ = self.gradients(x, y, *values, every=False, **named)
        point = _point(*self.inputs(x, y, *values, **named))
        found = {"y_hat": grads[self.output]}
        for i, node in enumerate(self.nodes):
            if node.op == "parameter":
                found[node.text] = grads[i]
        for name, g in found.items():
            if not _finite(g):
                raise ValueError(f"dloss/d{name} overflows float64 at "
                                 f"{point}; use smaller inputs")
        return self.result(found)

    def result(self, grads):
        """{y_hat: ..., parameter: ...} as this model's Gradients."""
        return self._gradients(**grads)

    def numeric_backward(self, x, y, *values, h=1e-5, **named):
        """Central differences: nudge y_hat and each parameter by +-h."""
        from .numeric import model_numeric
        return model_numeric(self, *self.inputs(x, y, *values, **named), h)

    def torch_backward(self, x, y, *values, **named):
        """The same gradients from PyTorch autograd, in float64."""
        from .torch_grad import model_torch
        self.gradients(x, y, *values, every=False, **named)  # our errors
        return model_torch(self, *self.inputs(x, y, *values, **named))

    def symbolic(self):
        """{parameter: dloss/dparameter} as sympy expressions of one
        data point, in the symbols x, y and the parameters."""
        from .symbolic import expressions
        import sympy
        loss = expressions(self)[-1]
        return {p: sympy.diff(loss, sympy.Symbol(p, real=True))
                for p in self.parameters}

    def edges(self):
        """[(input, node)] index pairs: every arrow of the graph, numbers
        (constant parts such as the 2 of x**2) left out."""
        return [(a, i) for i, node in enumerate(self.nodes)
                for a in dict.fromkeys(node.args) if not self.constant[a]]

    def local_text(self, a, i):
        """d(node i)/d(node a) as text, in the texts of i's inputs."""
        node = self.nodes[i]
        names = [self.ids[j] if j >= self.output else self.nodes[j].text
                 for j in node.args]
        texts = TEXTS[self.rule(i)](*names)
        return " + ".join(t for j, t in zip(node.args, texts) if j == a)

    def paths(self, a, to=None, most=64):
        """Every path of arrows from node a to node `to` (y_hat if None),
        each a tuple of node indices from a; at most `most` of them."""
        to = self.output if to is None else to
        count = [0] * len(self.nodes)
        count[a] = 1
        for src, dst in self.edges():   # inputs come first: in order
            count[dst] += count[src]
        if count[to] > most:
            raise ValueError(f"{self.ids[a]} reaches {self.ids[to]} along "
                             f"{count[to]} paths; more than {most} to show")
        found, stack = [], [(a,)]
        while stack:
            path = stack.pop()
            if path[-1] == to:
                found.append(path)
                continue
            stack.extend(path + (i,) for src, i in self.edges()
                         if src == path[-1] and count[i] and i <= to)
        return sorted(found)

    def _names(self):
        return ", ".join(self.parameters) or "none"

    def _value(self, i, node, done, x, y, params, point):
        if node.op in ("x", "y"):
            return x if node.op == "x" else y
        if node.op == "parameter":                # numpy floats: 1/0 is
            return np.float64(params[node.text])  # inf, not an exception
        if node.op == "number":
            return np.float64(node.number)
        args = [done[a] for a in node.args]
        value = RULES[self.rule(i)][0](*args)
        if i == self.output and np.ndim(x) > np.ndim(value):
            value = np.full(np.shape(x), value)  # y_hat = c: one per x
        if node.op == "**" and not self.fixed[node.args[1]] and np.any(
                np.asarray(args[0]) <= 0):
            raise ValueError(f"{node.text!r}: a ** b with a variable "
                             f"exponent b needs a > 0, at {point}")
        if not _finite(value):
            raise ValueError(f"{self._what(i)!r}: {_why(node.op, args)}, "
                             f"at {point}")
        return value

    def _what(self, i):
        return self.expression if i == self.output else self.ids[i]

    def rule(self, i):
        """The key of node i's operation in RULES: "**n" for a power by
        a number, where the exponent needs no derivative."""
        node = self.nodes[i]
        if node.op == "**" and self.constant[node.args[1]]:
            return "**n"
        return node.op

    def _locals(self, i, v, point, every):
        """[(input, d node/d input)] of node i; none for constants."""
        node = self.nodes[i]
        skip = self.constant if every else self.fixed
        if not node.args or skip[i]:
            return []
        args = [v[a] for a in node.args]
        local = RULES[self.rule(i)][1](*args, v[i])
        pairs = [(a, d) for a, d in zip(node.args, local) if not skip[a]]
        for a, d in pairs:
            if not _finite(d):
                raise ValueError(
                    f"the derivative of {self._what(i)!r} by "
                    f"{self.ids[a]!r} is not finite at {point}: "
                    f"{self.nodes[i].op} has no finite slope there")
        return pairs


def _finite(v):
    """No inf or nan in v (a number or an array); quick for a number."""
    if isinstance(v, float):
        return math.isfinite(v)
    return bool(np.all(np.isfinite(v)))


def _atom(text):
    """text, in brackets unless it is a name, a number or a call."""
    plain = text.replace(".", "").replace("_", "").isalnum()
    call = text.endswith(")") and text.split("(")[0].isidentifier() and \
        text.count("(") == 1
    return text if plain or call else f"({text})"


def _depends(nodes, leaves, on=False):
    """For each node: made of these leaves alone (on: of any of them)."""
    found = []
    for node in nodes:
        inner = [found[a] for a in node.args]
        found.append(node.op in leaves or bool(inner) and (
            any(inner) if on else all(inner)))
    return tuple(found)


def _why(op, args):
    """Why an operation gave inf or nan, naming the operation."""
    a, b = np.asarray(args[0]), np.asarray(args[-1])
    if op == "log" and np.any(a <= 0):
        return "log needs an argument > 0"
    if op == "sqrt" and np.any(a < 0):
        return "sqrt needs an argument >= 0"
    if op == "/" and np.any(b == 0):
        return "division by zero"
    if op == "**" and np.any((a == 0) & (b < 0)):
        return "0 ** a negative number is a division by zero"
    if op == "**" and np.any(a < 0):
        return "a negative number ** a fraction is not a real number"
    return f"{op} overflows float64; use smaller inputs"


def _point(x, y, params):
    """The inputs as short text, for error messages."""
    def show(v):
        return (f"{float(v):.6g}" if not np.ndim(v) else
                "[" + ", ".join(f"{t:.4g}" for t in v[:4]) +
                (", ...]" if len(v) > 4 else "]"))
    return ", ".join(f"{k}={show(v)}" for k, v in
                     dict(x=x, y=y, **params).items())


RUNNING = Model(EXPRESSION)


def forward(x, y, w1, w2, b):
    """正向传播 forward propagation: y_hat, r and loss."""
    return RUNNING.forward(x, y, w1, w2, b)


def manual_backward(x, y, w1, w2, b):
    """反向传播 backpropagation by the chain rule, one factor at a time:

        dloss/dy_hat = 2r / n          (r**2 averaged over n points)
        dloss/dw1 = sum(dloss/dy_hat * x**2),   dy_hat/dw1 = x**2
        dloss/dw2 = sum(dloss/dy_hat * x),      dy_hat/dw2 = x
        dloss/db  = sum(dloss/dy_hat),          dy_hat/db  = 1
    """
    return RUNNING.manual_backward(x, y, w1, w2, b)
