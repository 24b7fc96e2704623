"""Where a Model's graph sits in a picture, derived from the graph itself.

    picture(model, values, grads, local)  ->  (nodes, edges) for graph_svg

Columns by depth: an operation one column right of its deepest input,
an input (x, y, a parameter) one column left of its first use. Rows in
each column ordered by the mean row of the node's inputs.
"""
from ..i18n import N_
from .graph import Edge, Node

PLAIN = {"parameter": N_("parameter"), "x": N_("data"),
         "y": N_("data (target)")}
LATE = 3


def layout(ids, edges):
    """{id: (column, row)} for ids in topological order, edges (src, dst).

    An input that joins late (3 or more columns in, as b and y do) sits
    just left of where it joins, below what that column already holds.
    """
    inputs = {i: [s for s, d in edges if d == i] for i in ids}
    users = {i: [d for s, d in edges if s == i] for i in ids}
    column = {}
    for i in ids:
        column[i] = 1 + max((column[s] for s in inputs[i]), default=-1)
    late = set()
    for i in ids:
        joins = min((column[u] for u in users[i]), default=0)
        if not inputs[i] and joins >= LATE:
            column[i] = joins - 1
            late.add(i)
    row = {}
    for c in sorted(set(column.values())):
        here = [i for i in ids if column[i] == c]
        ops = sorted((i for i in here if inputs[i]), key=lambda i: sum(
            row[s] for s in inputs[i]) / len(inputs[i]))
        below = max((r for i, r in row.items() if column[i] == c - 1
                     and i not in late), default=-1.0) + 1
        last = -1.0
        for i in ops + [i for i in here if not inputs[i]]:
            want = (sum(row[s] for s in inputs[i]) / len(inputs[i])
                    if inputs[i] else below if i in late else 0.0)
            row[i] = max(want, last + 1.0)
            last = row[i]
    return {i: (column[i], row[i]) for i in ids}


def shape(model, merge_sums=False):
    """(ids, {(src, dst): index pair}) of the graph to draw; merge_sums:
    a + whose only use is another + is folded into it (a + b + c)."""
    edges = model.edges()
    folded = set()
    if merge_sums:
        for a, i in edges:
            if model.nodes[a].op == model.nodes[i].op == "+" and [
                    d for s, d in edges if s == a] == [i]:
                folded.add(a)

    def sources(a):
        """a itself, or the inputs of a folded sum (unfolded in turn)."""
        if a not in folded:
            return [a]
        return [b for s, d in edges if d == a for b in sources(s)]

    arrows = {}
    for a, i in edges:
        if i not in folded:
            for b in sources(a):
                arrows[model.ids[b], model.ids[i]] = (b, i, a in folded)
    ids = [model.ids[i] for i in range(len(model.nodes))
           if not model.constant[i] and i not in folded]
    return ids, arrows


def formula(model, i, pretty=str):
    """What a node computes, for its box: "= w1·x²", "parameter"."""
    node = model.nodes[i]
    if node.op in PLAIN:
        return PLAIN[node.op]
    text = {"r": "y_hat - y", "loss": "r**2"}.get(model.ids[i], node.text)
    return "= " + pretty(text)


def picture(model, values, grads=None, merge_sums=False, pretty=str):
    """(Nodes, Edges) for graph_svg: values {id: v}, grads {id: g}."""
    grads = grads or {}
    ids, arrows = shape(model, merge_sums)
    at = layout(ids, list(arrows))
    index = {model.ids[i]: i for i in range(len(model.nodes))}
    nodes = [Node(i, i, values[i], grads.get(i), *at[i],
                  formula(model, index[i], pretty)) for i in ids]
    return nodes, arrows


def edges(model, arrows, local, pretty=str, numbers=True):
    """Edges labelled with each local derivative, text and number; a
    constant one (1, -1) as text alone. local: {(a, i): value}."""
    out = []
    for (src, dst), (a, i, merged) in arrows.items():
        text = "1" if merged else model.local_text(a, i)
        value = 1.0 if merged else local.get((a, i))
        if _constant(text) or not numbers:
            out.append(Edge(src, dst, pretty(text)))
        else:
            out.append(Edge(src, dst, pretty(text), value))
    return out


def _constant(text):
    return text.lstrip("-").replace(".", "").isdigit()
