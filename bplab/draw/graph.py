"""A computational graph drawn as SVG: each node's value and gradient.

    graph_svg([Node("a", "a", 2.0), Node("b", "b", 3.0, grad=None),
               Node("c", "c", 6.0, grad=1.0, formula="a * b")],
              [Edge("a", "c", "∂c/∂a = b", 3.0), Edge("b", "c")])

A gradient that is None reads "grad: not computed yet", never 0. Shown
numbers carry data-q="value.<id>", "grad.<id>" and, for an edge's local
derivative, "local.<src>:<dst>", so `views.quantities` reads them back.
"""
from dataclasses import dataclass
from html import escape

from ..i18n import _
from ..results import fmt

WIDTH, HEIGHT, COLUMN, ROW, PAD = 132, 70, 200, 84, 14


@dataclass(frozen=True)
class Node:
    """A box: column None places it by its depth from the inputs."""
    id: str
    label: str
    value: float = None
    grad: float = None
    column: float = None
    row: float = None
    formula: str = ""


@dataclass(frozen=True)
class Edge:
    """An arrow src -> dst, optionally labelled with a local derivative."""
    src: str
    dst: str
    label: str = ""
    value: float = None


def graph_svg(nodes, edges, highlight=(), title="", decimals=4):
    """The graph as one <svg>; ids in `highlight` are drawn emphasised."""
    nodes = [n if isinstance(n, Node) else Node(**n) for n in nodes]
    edges = [e if isinstance(e, Edge) else Edge(*e) for e in edges]
    at = _layout(nodes, edges)
    width = max(u for u, v in at.values()) + WIDTH + PAD
    height = max(v for u, v in at.values()) + HEIGHT + PAD
    parts = [_edge(e, at, decimals) for e in edges]
    parts += [_node(n, at[n.id], n.id in highlight, decimals) for n in nodes]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="bplab-graph" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} '
            f'{height}" style="max-width:100%;height:auto">{STYLE}'
            f'<title>{escape(title)}</title>'
            + "".join(parts) + "</svg>")


def _layout(nodes, edges):
    """{id: (left, top)} from columns (or depths) and rows."""
    ids = [n.id for n in nodes]
    if len(set(ids)) != len(ids):
        raise ValueError(f"node ids must be unique, got {ids}")
    for e in edges:
        for end in (e.src, e.dst):
            if end not in ids:
                raise ValueError(f"edge {e.src} -> {e.dst}: no node {end!r}")
    depth = {i: 0 for i in ids}
    for _step in ids:               # longest path from an input
        for e in edges:
            depth[e.dst] = max(depth[e.dst], depth[e.src] + 1)
    at, used = {}, {}
    for n in nodes:
        column = depth[n.id] if n.column is None else n.column
        row = used.get(column, 0) if n.row is None else n.row
        used[column] = max(used.get(column, 0), row + 1)
        at[n.id] = (PAD + column * COLUMN, PAD + 10 + row * ROW)
    return at


def _number(kind, node_id, value, decimals):
    if value is None:
        return (f'<tspan class="pending" data-pending="{kind}.'
                f'{escape(node_id)}">{WORDS[kind][1]()}</tspan>')
    return (f'{WORDS[kind][0]()} <tspan class="q" '
            f'data-q="{kind}.{escape(node_id)}">{fmt(value, decimals)}'
            '</tspan>')


# What a node's lines say, in the language chosen (bplab.set_language).
WORDS = {"value": (lambda: _("value"),
                   lambda: _("value: not computed yet")),
         "grad": (lambda: _("grad"), lambda: _("grad: not computed yet"))}


def _node(n, at, highlighted, decimals):
    u, v = at
    cls = "node" + (" highlight" if highlighted else "") + (
        " known" if n.grad is not None else "")
    lines = [("name", escape(n.label)), ("formula", escape(_(n.formula))),
             ("value", _number("value", n.id, n.value, decimals)),
             ("grad", _number("grad", n.id, n.grad, decimals))]
    text = "".join(
        f'<text class="{c}" x="{u + WIDTH / 2:.0f}" y="{v + 15 + 15 * i}" '
        f'text-anchor="middle">{body}</text>'
        for i, (c, body) in enumerate(lines) if body)
    return (f'<g class="{cls}" data-node="{escape(n.id)}"><rect x="{u}" '
            f'y="{v}" width="{WIDTH}" height="{HEIGHT}" rx="6"/>{text}</g>')


def _edge(e, at, decimals):
    (u0, v0), (u1, v1) = at[e.src], at[e.dst]
    x0, y0 = u0 + WIDTH, v0 + HEIGHT / 2
    x1, y1 = u1 - 3, v1 + HEIGHT / 2
    label = escape(e.label)
    if e.value is not None:
        name = escape(f"local.{e.src}:{e.dst}")
        label += (f'{" = " if label else ""}<tspan class="q" '
                  f'data-q="{name}">{fmt(e.value, decimals)}</tspan>')
    text = (f'<text class="local" x="{(x0 + x1) / 2:.0f}" '
            f'y="{(y0 + y1) / 2 - 4:.0f}" text-anchor="middle">{label}'
            '</text>') if label else ""
    return (f'<line class="edge" x1="{x0:.0f}" y1="{y0:.0f}" x2="{x1:.0f}" '
            f'y2="{y1:.0f}" marker-end="url(#bplab-arrow)"/>{text}')


STYLE = (
    '<defs><marker id="bplab-arrow" viewBox="0 0 8 8" refX="8" refY="4" '
    'markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0L8,4L0,8z"'
    ' fill="#888"/></marker></defs>'
    "<style>.bplab-graph{font:12px sans-serif}"
    ".bplab-graph .node rect{fill:#f4f4f4;stroke:#999}"
    ".bplab-graph .node.known rect{fill:#e8f4e8;stroke:#2ca02c}"
    ".bplab-graph .node.highlight rect{stroke:#ff7f0e;stroke-width:3}"
    ".bplab-graph .name{font-weight:bold}"
    ".bplab-graph .formula{fill:#555;font-size:11px}"
    ".bplab-graph .grad{fill:#2a7a2a}"
    ".bplab-graph .pending{fill:#999;font-style:italic;font-size:11px}"
    ".bplab-graph .edge{stroke:#888;stroke-width:1.5}"
    ".bplab-graph .local{fill:#b35c00;font-size:11px;paint-order:stroke;"
    "stroke:#fff;stroke-width:3px}</style>")
