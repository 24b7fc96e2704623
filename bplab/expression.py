"""A model's text parsed, strictly, into a graph of operations.

    parse("w1*x**2 + w2*x + b")  ->  (x, x**2, w1, w1*x**2, ..., y_hat)

Python's `ast` reads the text; only the nodes of the grammar below pass,
so nothing in it is ever run: numbers, the data `x`, parameters (every
other name), + - * / **, unary minus, parentheses and FUNCTIONS of one
argument. Equal sub-expressions become one node, inputs come first.
"""
import ast
import math
import re
from dataclasses import dataclass

FUNCTIONS = ("exp", "log", "sin", "cos", "tanh", "sigmoid", "relu", "sqrt")
MAX_LENGTH, MAX_DEPTH = 200, 100
RESERVED = {"y": "y is the target: the model computes y_hat from x",
            "y_hat": "y_hat is the model's output",
            "r": "r is the residual y_hat - y",
            "loss": "loss is (y_hat - y)**2",
            "h": "h is the step of numeric_backward",
            "asdict": "asdict is the name of a method of the results"}
NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/",
          ast.Pow: "**"}
# how tightly an operation binds, for writing a node's text back
PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "neg": 3, "**": 4}


@dataclass(frozen=True)
class Node:
    """One operation of the graph; args are indices of earlier nodes.

    op: "x", "parameter" or "number" (the inputs), "+", "-", "*", "/",
    "**", "neg" or one of FUNCTIONS. text: the sub-expression it computes.
    """
    op: str
    args: tuple = ()
    text: str = ""
    number: float = None


def parse(text):
    """The graph of `text`: a tuple of Nodes, the model's output last."""
    tree = _tree(text)
    _check_depth(tree)
    nodes, index = [], {}

    def add(node):
        key = (node.op, node.args, node.text)
        if key not in index:
            index[key] = len(nodes)
            nodes.append(node)
        return index[key]

    def walk(n):
        """Index of the node for `n`; recursion depth <= MAX_DEPTH."""
        if isinstance(n, ast.Constant):
            value = _number(n.value, text, n)
            return add(Node("number", (), _show(value), value))
        if isinstance(n, ast.Name):
            return add(Node(_name(n.id), (), n.id))
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.UAdd):
            return walk(n.operand)
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub):
            a = walk(n.operand)
            return add(Node("neg", (a,), _text("neg", nodes[a])))
        if isinstance(n, ast.BinOp) and type(n.op) in BINARY:
            op = BINARY[type(n.op)]
            a, b = walk(n.left), walk(n.right)
            return add(Node(op, (a, b), _text(op, nodes[a], nodes[b])))
        if isinstance(n, ast.Call):
            name = _function(n, text)
            a = walk(n.args[0])
            return add(Node(name, (a,), f"{name}({nodes[a].text})"))
        raise ValueError(f"{_piece(text, n)!r} is not part of the grammar "
                         f"({_kind(n)}); use numbers, x, parameters, + - * "
                         f"/ **, parentheses and {', '.join(FUNCTIONS)}")

    walk(tree.body)
    return tuple(nodes)


def _tree(text):
    if not isinstance(text, str):
        raise TypeError(f"the model must be text (a str), got "
                        f"{type(text).__name__}")
    if not text.strip():
        raise ValueError("the model is empty: type an expression in x, "
                         "such as w*x + b")
    if len(text) > MAX_LENGTH:
        raise ValueError(f"the model is {len(text)} characters long; at "
                         f"most {MAX_LENGTH} are allowed")
    try:
        return ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError) as error:
        where = getattr(error, "offset", None)
        at = f" at character {where}" if where else ""
        raise ValueError(f"cannot read {text!r}{at}: "
                         f"{getattr(error, 'msg', error)}") from None


def _check_depth(tree):
    """A ValueError if the tree nests deeper than MAX_DEPTH; no recursion."""
    stack = [(tree.body, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ValueError(f"the model nests deeper than {MAX_DEPTH} "
                             "operations; write a shorter expression")
        stack.extend((c, depth + 1) for c in ast.iter_child_nodes(node))


def _number(value, text, n):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{_piece(text, n)!r} is not a real number")
    try:
        value = float(value)
    except OverflowError:
        value = math.inf
    if not math.isfinite(value):
        raise ValueError(f"the number {_piece(text, n)!r} is not finite "
                         "in float64")
    return value


def _name(name):
    if name == "x":
        return "x"
    if name in RESERVED:
        raise ValueError(f"{name!r} may not appear in the model: "
                         f"{RESERVED[name]}")
    if name in FUNCTIONS:
        raise ValueError(f"{name!r} is a function: write {name}(...)")
    if not NAME.match(name):
        raise ValueError(f"{name!r} is not a parameter name: use letters, "
                         "digits and _, starting with a letter")
    return "parameter"


def _function(call, text):
    """The name of an allowed function called with one argument."""
    if not isinstance(call.func, ast.Name):
        raise ValueError(f"{_piece(text, call.func)!r} cannot be called: "
                         f"only {', '.join(FUNCTIONS)} can")
    name = call.func.id
    if name not in FUNCTIONS:
        raise ValueError(f"unknown function {name!r}: use one of "
                         f"{', '.join(FUNCTIONS)}")
    if call.keywords or len(call.args) != 1 or isinstance(
            call.args[0], ast.Starred):
        got = len(call.args) + len(call.keywords)
        raise ValueError(f"{name} takes exactly one argument, got {got} in "
                         f"{_piece(text, call)!r}")
    return name


def _text(op, a, b=None, symbols=None):
    """A node's text from its inputs' texts, brackets only where needed;
    symbols: how to write each operation ({"*": "·"}), "**2" as "²"."""
    mine, symbols = PRECEDENCE[op], symbols or {}

    def part(node, right):
        theirs = PRECEDENCE.get(node.op, 5)
        tight = theirs < mine or theirs == mine and (
            op == "neg" or (op == "**") != right)
        return f"({node.text})" if tight else node.text

    sign = symbols.get(op, op)
    if op == "neg":
        return f"{symbols.get('-', '-')}{part(a, True)}"
    if op == "**" and b.text in symbols:
        return f"{part(a, False)}{symbols[b.text]}"
    space = " " if op in "+-" else ""
    return f"{part(a, False)}{space}{sign}{space}{part(b, True)}"


PRETTY = {"*": "·", "-": "−", "**": "^", "2": "²", "3": "³"}


def render(nodes, leaf, symbols=PRETTY):
    """The text of the last node, each input written by leaf(node) (HTML
    with numbers, say) and each operation by `symbols`."""
    texts = []
    for node in nodes:
        if not node.args:
            texts.append(Node(node.op, (), leaf(node), node.number))
            continue
        args = [texts[a] for a in node.args]
        text = (f"{node.op}({args[0].text})" if node.op in FUNCTIONS else
                _text(node.op, *args, symbols=symbols))
        texts.append(Node(node.op, (), text))
    return texts[-1].text


def _show(value):
    """A number as short text: 2, 0.5, 1e-08."""
    return repr(int(value)) if value.is_integer() and abs(
        value) < 1e15 else repr(value)


def _piece(text, n):
    return ast.get_source_segment(text.strip(), n) or ast.dump(n)[:40]


def _kind(n):
    kinds = {ast.Attribute: "attribute access", ast.Subscript: "a subscript",
             ast.Compare: "a comparison", ast.BoolOp: "and/or",
             ast.Lambda: "a lambda", ast.IfExp: "if/else"}
    return kinds.get(type(n), type(n).__name__)
