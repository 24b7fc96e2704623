"""Notebook 7's view of any model, and the widget whose sliders follow
the expression typed."""
import math

import pytest

from bplab import Model, rel_error
from bplab.draw.markup import quantities
from bplab.nb7 import views

TANH = dict(x=0.7, y=2.0, a=1.5, w=0.5, c=0.1)


@pytest.mark.parametrize("name,text", list(views.EXAMPLES.items()))
def test_every_example_shows_what_the_model_computes(name, text):
    m = Model(text)
    point = dict(x=0.7, y=2.0, **{p: 0.5 + k for k, p in
                                  enumerate(m.parameters)})
    shown = quantities(views.view(text, **point))
    g = m.manual_backward(**point)
    assert shown["value.loss"] == round(m.forward(**point).loss, 4)
    for p in m.parameters:
        for key in (f"dloss/d{p}", f"sympy.{p}", f"manual.{p}",
                    f"torch.{p}", f"numeric.{p}", f"grad.{p}"):
            assert shown[key] == pytest.approx(getattr(g, p), abs=6e-5), key
        assert shown[f"rel_error.{p}"] <= 1e-6


def test_the_chain_multiplies_the_local_derivatives_shown():
    html = views.view("a*tanh(w*x) + c", **TANH)
    t = math.tanh(0.5 * 0.7)
    r = 1.5 * t + 0.1 - 2.0
    shown = quantities(html)
    assert shown["local.r:loss"] == pytest.approx(2 * r, abs=6e-5)
    assert shown["local.w*x:tanh(w*x)"] == pytest.approx(1 - t**2, abs=6e-5)
    assert shown["local.x:w*x"] == 0.5
    assert "= 2r · 1 · 1 · a · 1 − tanh(w·x)² · x" in html
    assert "sympy: " in html


def test_a_graph_node_for_every_operation():
    html = views.view("w*sin(x) + b", x=0.5, y=1.0, w=2.0, b=0.5)
    for node in ("w", "x", "sin(x)", "w*sin(x)", "b", "y_hat", "y", "r",
                 "loss"):
        assert f'data-node="{node}"' in html
    assert quantities(html)["value.sin(x)"] == round(math.sin(0.5), 4)


@pytest.mark.parametrize("text,point,words", [
    ("w*x +", {}, "cannot read"), ("foo(x)", {}, "unknown function"),
    ("log(w*x)", dict(x=-1.0, w=1.0), "log needs an argument &gt; 0"),
    ("w*x", dict(q=1.0, w=1.0), "&#x27;q&#x27; is not a parameter"),
])
def test_a_bad_model_or_point_shows_its_error(text, point, words):
    html = views.view(text, **{"x": 1.0, "y": 2.0, **point})
    assert 'class="error"' in html and words in html
    assert "data-q" not in html


def test_dloss_dx_is_left_out_where_undefined():
    html = views.view("w*sqrt(x)", x=0.0, y=1.0, w=2.0)
    assert "grad: not computed yet" in html
    assert quantities(html)["dloss/dw"] == 0.0


def test_the_sliders_follow_the_expression_and_stay_on_a_bad_one():
    live = views.model_widget()
    assert list(live.sliders) == ["x", "y", "a", "w", "c"]
    live.set(w=0.5, x=0.7)
    live.set(expression="w*x + b")
    assert list(live.sliders) == ["x", "y", "w", "b"]
    assert live.values()["w"] == 0.5 and live.values()["x"] == 0.7
    live.set(expression="w*x + ")
    assert list(live.sliders) == ["x", "y", "w", "b"]
    assert "cannot read" in live.picture.value
    live.set(expression="w*x + b", b=-1.0)
    shown = quantities(live.picture.value)
    want = Model("w*x + b").manual_backward(0.7, 2.0, w=0.5, b=-1.0)
    assert rel_error(shown["manual.b"], round(want.b, 4)) < 1e-12


def test_picking_an_example_types_it():
    live = views.model_widget()
    live.examples.value = views.EXAMPLES["the running example"]
    assert live.text.value == views.EXAMPLES["the running example"]
    assert list(live.sliders) == ["x", "y", "w1", "w2", "b"]
    assert live.values()["w2"] == 2.0       # the example's start
    assert live.examples.value == ""        # ready for the next pick
