"""Notebook 7, your own model: any expression, its graph and gradients.

    view("a*tanh(w*x) + c", x=1.0, y=2.0, a=1.0, w=1.0, c=1.0)

The graph with each node's value and gradient; each parameter's
gradient as the chain of local derivatives along its paths, in symbols
and in numbers, beside sympy's; and manual, torch and numeric gradients
with their relative errors. A text that is not a model, or a point
where it is not defined, shows the error instead.
"""
from functools import lru_cache
from html import escape

from ..draw.graph import graph_svg
from ..draw.layout import edges, picture
from ..draw.markup import TABLE, factor, q
from ..model import EXPRESSION, Model
from ..nb1.views import pretty
from ..numeric import BAD, GOOD, rel_error

EXAMPLES = {"the running example": EXPRESSION, "a line": "w*x + b",
            "a tanh unit": "a*tanh(w*x) + c", "a sine": "w*sin(x) + b"}
TINY = 1e-9     # gradients below this in size are zero up to rounding
WAYS = ("manual", "torch", "numeric")
STYLE = ("<style>.bplab-model .error{color:#d62728}"
         ".bplab-model .pass{color:#2a7d2a}.bplab-model .fail{color:#d62728}"
         ".bplab-model .unsure{color:#b36b00}</style>")


@lru_cache(maxsize=64)
def model(expression):
    """The Model of a text (parsed once per text)."""
    return Model(expression)


@lru_cache(maxsize=64)
def symbolic(expression):
    """sympy's dloss/dparameter of a text's model, worked out once, and
    each as a function of (x, y, *parameters), for speed (lambdify of
    sympy's own expressions, made from the parsed graph, not the text)."""
    import sympy
    m = model(expression)
    exact = m.symbolic()
    names = [sympy.Symbol(n, real=True) for n in ("x", "y") + m.parameters]
    return {p: (str(e), sympy.lambdify(names, e, "numpy"))
            for p, e in exact.items()}


def view(expression, x=1.0, y=2.0, **params):
    """Notebook 7's live view: graph, chains and the three-way check."""
    try:
        m = model(expression)
        passed = trace(m, x, y, params)
        parts = [graph(m, passed), chains(m, x, y, params, passed),
                 check(m, x, y, params)]
    except (TypeError, ValueError) as error:
        parts = [f'<p class="error">✗ {escape(str(error))}</p>']
    return f'<div class="bplab-model">{STYLE}{TABLE}{"".join(parts)}</div>'


def trace(m, x, y, params):
    """({id: value}, {id: grad or None}, {(a, i): local}): the model's
    forward and backward pass; dloss/dx is left out where undefined."""
    try:
        v, g, local = m.gradients(x, y, **params)
        known = [True] * len(v)
    except ValueError:
        v, g, local = m.gradients(x, y, every=False, **params)
        known = [not f for f in m.fixed]
    values = dict(zip(m.ids, v))
    grads = {i: float(d) for i, d, k in zip(m.ids, g, known) if k}
    return values, grads, local


def graph(m, passed):
    """The computational graph: each node's value and gradient, each
    arrow's local derivative; passed: trace()'s result."""
    values, grads, local = passed
    nodes, arrows = picture(m, values, grads, pretty=pretty)
    return graph_svg(nodes, edges(m, arrows, local, pretty),
                     title=f"the computational graph of {m.expression}")


def chains(m, x, y, params, passed):
    """Each parameter's gradient: the local derivatives along each path
    from it to the loss, multiplied, summed over paths; then sympy's."""
    _, grads, local = passed
    exact = symbolic(m.expression)
    at = [x, y] + [params[p] for p in m.parameters]
    rows = []
    for p in m.parameters:
        rows.append(_chain(m, p, local, grads[p]))
        formula, function = exact[p]
        value = float(function(*at))
        rows.append(f"<tr><td></td><td>sympy: {escape(formula)}"
                    f"</td><td>= {q(f'sympy.{p}', value)}</td></tr>")
    return ("<p>Each gradient is a sum over the paths from the parameter "
            "to the loss; along a path, the local derivatives multiply "
            '(the chain rule).</p><table class="bplab-table">'
            + "".join(rows) + "</table>")


def _chain(m, p, local, grad):
    """One table row: dloss/dp = chain of symbols = chain of numbers."""
    loss = len(m.nodes) - 1
    try:
        paths = m.paths(m.ids.index(p), to=loss)
    except ValueError as error:     # too many paths to show
        return (f"<tr><td>dloss/d{p}</td><td>{escape(str(error))}</td>"
                f"<td>= {q(f'dloss/d{p}', grad)}</td></tr>")
    symbols, numbers = [], []
    for path in paths:
        steps = list(zip(path, path[1:]))[::-1]    # from the loss back
        symbols.append(" · ".join(pretty(m.local_text(a, i))
                                  for a, i in steps))
        numbers.append(" · ".join(factor(
            f"local.{m.ids[a]}:{m.ids[i]}", float(local[a, i]))
            for a, i in steps))
    return (f"<tr><td>dloss/d{p}</td><td>= {' + '.join(symbols)}</td>"
            f"<td>= {' + '.join(numbers)}</td>"
            f"<td>= <b>{q(f'dloss/d{p}', grad)}</b></td></tr>")


def check(m, x, y, params):
    """Manual, torch and numeric gradients side by side, judged."""
    grads = [m.manual_backward(x, y, **params),
             m.torch_backward(x, y, **params),
             m.numeric_backward(x, y, **params)]
    head = "".join(f"<th>{way}</th>" for way in WAYS)
    rows = "".join(_row(p, [getattr(g, p) for g in grads])
                   for p in m.parameters)
    return (f'<table class="bplab-table"><tr><th>dloss/d…</th>{head}'
            f"<th>rel_error</th><th>check</th></tr>{rows}</table>"
            f"<p>✓ pass: rel_error ≤ {GOOD:.0e}; ✗ fail: above "
            f"{BAD:.0e}; in between: look closer.</p>")


def _row(p, values):
    manual, torch, numeric = values
    error = max(rel_error(manual, torch), rel_error(manual, numeric))
    if max(map(abs, values)) <= TINY:
        mark, text = "pass", "✓ all ≈ 0"
    else:
        mark, text = (("pass", "✓ pass") if error <= GOOD else
                      ("fail", "✗ fail") if error > BAD else
                      ("unsure", "? look closer"))
    cells = "".join(f"<td>{q(f'{way}.{p}', v)}</td>"
                    for way, v in zip(WAYS, values))
    return (f"<tr><th>{p}</th>{cells}"
            f"<td>{q(f'rel_error.{p}', error, 1, sci=True)}</td>"
            f'<td class="{mark}" data-check="{p}">{text}</td></tr>')


def model_widget(expression=EXAMPLES["a tanh unit"]):
    """The text box, the examples and sliders, wired to view()."""
    from ..ui.modelview import ModelView
    return ModelView(view, EXAMPLES, expression)
