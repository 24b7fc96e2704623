"""Notebook 5's views: a graph of Values as it stands, and agreement.

`draw` pictures Values in whatever state they are: before backward()
every gradient reads "not computed yet"; after two backward() calls
without zero_grad() the picture says the gradients are summed.
"""
from html import escape

from ..draw.graph import Edge, Node, graph_svg
from ..draw.layout import layout, shape
from ..engine import model_graph, model_gradients
from ..model import RUNNING, manual_backward
from ..gradcheck import judge, worst
from ..numeric import exact_rounding, rel_error
from ..results import fmt
from ..torch_grad import torch_backward
from ..draw.markup import VERDICT, q
from ..i18n import N_, _

def short_ids(model):
    """{id: short id} for the picture's numbers (data-q="value.x2"):
    x**2 -> x2, w1*x**2 -> w1x2; a sum with no short name -> s, s2..."""
    out, sums = {}, 0
    for n, i in enumerate(model.ids):
        if model.constant[n]:
            continue
        short = i.replace("*", "")
        if not short.isidentifier():
            sums += 1
            short = "s" if sums == 1 else f"s{sums}"
        if short != i:
            out[i] = short
    return out


IDS = short_ids(RUNNING)


def local_derivatives(nodes, model=RUNNING):
    """{(src, dst): (formula, value)}: each edge's local derivative, from
    the model's graph at the data of the leaves in `nodes`."""
    at = {k: nodes[k].data for k in ("x", "y") + model.parameters}
    local = model.gradients(**at)[2]
    return {(model.ids[a], model.ids[i]): (model.local_text(a, i),
                                           float(local[a, i]))
            for a, i in model.edges()}


def places(model=RUNNING):
    """{id: (column, row)}: the model's graph laid out by its depths."""
    ids, arrows = shape(model)
    return layout(ids, list(arrows))


def draw(output, title="", model=RUNNING):
    """Every Value `output` was made from, with its data and grad now.

    Values labelled with the ids of `model`'s graph (as build() makes
    them) are placed and annotated from that graph; others, such as
    constants, are numbered and placed by depth.
    """
    order = output.graph()
    ids = {}
    for number, value in enumerate(order):
        name = value.label or f"n{number}"
        ids[value] = name if name not in ids.values() else f"{name}.{number}"
    named = {value.label: value for value in order}
    at = places(model)
    known = set(at) <= set(named)
    local = local_derivatives(named, model) if known else {}
    at = at if known else {}
    nodes = [Node(IDS.get(ids[v], ids[v]), v.label or fmt(v.data),
                  v.data, v.grad, *at.get(ids[v], (None, None)),
                  formula=f"op {v._op}" if v._op else N_("input"))
             for v in order]
    edges = []
    for value in order:
        for parent in dict.fromkeys(value._prev):  # x * x: one arrow
            src, dst = ids[parent], ids[value]
            text, number = local.get((src, dst), ("", None))
            if text.lstrip("-").isdigit():  # a constant: no number
                number = None
            edges.append(Edge(IDS.get(src, src), IDS.get(dst, dst),
                              text, number))
    return _passes(order) + graph_svg(nodes, edges, title=title)


def _passes(order):
    """A warning when grads hold more than one backward() call."""
    most = max(value.passes for value in order)
    if most <= 1:
        return ""
    return '<p class="warning">' + _(
        "These gradients are summed over {calls} backward() calls: each "
        "call adds its gradients to what is already there. Call "
        "zero_grad() before backward() to start from nothing.").format(
            calls=most) + "</p>"


def accumulation(nodes):
    """How x's gradient is the sum of what reaches it along two edges."""
    local = local_derivatives(nodes)
    via_square = local[("x", "x**2")][1] * nodes["x**2"].grad
    via_product = local[("x", "w2*x")][1] * nodes["w2*x"].grad
    return "<p>" + _(
        "x feeds two nodes, so its gradient is a sum (+=): via x**2, "
        "2x · grad(x**2) = {via_square}; via w2*x, w2 · grad(w2*x) = "
        "{via_product}; together grad(x) = {total}.").format(
            via_square=q('x.via_x2', via_square),
            via_product=q('x.via_w2x', via_product),
            total=q('x.grad_sum', nodes['x'].grad)) + "</p>"


def agreement(x, y, w1, w2, b, engine):
    """Our engine's gradients beside the manual and torch ones."""
    ways = {"engine": engine, "manual": manual_backward(x, y, w1, w2, b),
            "torch": torch_backward(x, y, w1, w2, b)}
    rounding = exact_rounding(x, y, w1, w2, b)
    head = "".join(f"<th>{escape(name)}</th>" for name in ways)
    rows = "".join(
        f"<tr><td>dloss/d{name}</td>"
        + "".join(f"<td>{q(f'{way}.{name}', getattr(grads, name))}</td>"
                  for way, grads in ways.items())
        + f"<td>{_mark(ways, name, rounding)}</td></tr>"
        for name in ["y_hat", "w1", "w2", "b"])
    agree = _("agree?")
    return (f'<table class="bplab-agreement"><tr><th></th>{head}'
            f"<th>{agree}</th></tr>{rows}</table>")


def _mark(ways, name, rounding):
    """✓ where the engine agrees with manual and torch by the one rule."""
    verdict = worst(judge(getattr(ways["engine"], name),
                          getattr(grads, name), rounding[name])
                    for grads in ways.values())
    return VERDICT[verdict][0]


def engine_view(x=1.0, y=2.0, w1=1.0, w2=2.0, b=2.0):
    """The model built from Values, after loss.backward(), and checks."""
    nodes = model_graph(x, y, w1, w2, b)
    nodes["loss"].backward()
    engine = model_gradients(nodes)
    title = _("after loss.backward()")
    return (f'<div class="bplab-engine">'
            f"{draw(nodes['loss'], title)}"
            f"{accumulation(nodes)}{agreement(x, y, w1, w2, b, engine)}"
            "</div>")
