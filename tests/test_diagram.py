"""The graph picture: values, gradients, 'not computed yet', layout."""
import re

import pytest

from bplab.draw.graph import Edge, Node, graph_svg
from bplab.draw.markup import quantities

NODES = [Node("a", "a", 2.0, None), Node("b", "b", -3.0, 2.0),
         Node("c", "c", -6.0, 1.0, formula="a * b")]
EDGES = [Edge("a", "c", "∂c/∂a = b", -3.0), Edge("b", "c")]


def test_values_grads_and_local_derivatives_are_tagged():
    shown = quantities(graph_svg(NODES, EDGES))
    assert shown == {"value.a": 2.0, "value.b": -3.0, "grad.b": 2.0,
                     "value.c": -6.0, "grad.c": 1.0,
                     "local.a:c": -3.0}


def test_a_missing_gradient_says_so_and_is_not_zero():
    svg = graph_svg(NODES, EDGES)
    assert 'data-pending="grad.a">grad: not computed yet' in svg
    assert "grad.a" not in quantities(svg)


def test_nothing_computed_yet():
    svg = graph_svg([Node("a", "a")], [])
    assert svg.count("not computed yet") == 2 and quantities(svg) == {}


def test_highlight_and_known_classes():
    svg = graph_svg(NODES, EDGES, highlight={"b"})
    assert '<g class="node highlight known" data-node="b">' in svg
    assert '<g class="node" data-node="a">' in svg


def test_depth_places_nodes_without_columns():
    svg = graph_svg(NODES, EDGES)
    lefts = dict(re.findall(r'data-node="(\w)"><rect x="(\d+)"', svg))
    assert int(lefts["a"]) == int(lefts["b"]) < int(lefts["c"])


def test_explicit_columns_and_rows_and_dicts():
    svg = graph_svg([dict(id="p", label="p", value=1.0, column=2, row=1)],
                    [])
    assert re.search(r'<rect x="414" y="108"', svg)


def test_labels_are_escaped():
    svg = graph_svg([Node("a", "<a&b>", 1.0)], [], title="x < y")
    assert "&lt;a&amp;b&gt;" in svg and "<title>x &lt; y</title>" in svg


def test_decimals():
    assert "value <tspan" in graph_svg([Node("a", "a", 1 / 3)], [])
    assert quantities(graph_svg([Node("a", "a", 1 / 3)], [],
                                decimals=2)) == {"value.a": 0.33}


@pytest.mark.parametrize("nodes, edges, message", [
    ([Node("a", "a"), Node("a", "b")], [], "unique"),
    ([Node("a", "a")], [Edge("a", "z")], "no node 'z'"),
])
def test_bad_graphs_name_the_problem(nodes, edges, message):
    with pytest.raises(ValueError, match=message):
        graph_svg(nodes, edges)


def test_a_cycle_does_not_hang():
    svg = graph_svg([Node("a", "a"), Node("b", "b")],
                    [Edge("a", "b"), Edge("b", "a")])
    assert svg.startswith("<svg")
