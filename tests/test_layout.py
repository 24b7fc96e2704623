"""The graphs of notebooks 1, 2 and 5 come from the running example's
Model: its nodes, arrows, local derivatives and a layout derived from
them, for this model or any other."""
import pathlib

import pytest

from bplab import Model
from bplab.draw.layout import layout, picture, shape
from bplab.engine import build
from bplab.model import EXPRESSION, RUNNING
from bplab.nb1 import views as forward
from bplab.nb2 import views as backward
from bplab.nb5 import views as engine

SEED = dict(x=1.0, y=2.0, w1=1.0, w2=2.0, b=2.0)
MODELS = [EXPRESSION, "a*tanh(w*x) + c", "w*sin(x) + b", "w*x + b",
          "sqrt(a*x**2 + 1)/(1 + exp(-w*x)) - c*log(x + 3)"]
PACKAGE = pathlib.Path(__file__).parents[1] / "bplab"


@pytest.mark.parametrize("text", MODELS)
@pytest.mark.parametrize("merge", [False, True])
def test_the_layout_reads_left_to_right_without_overlaps(text, merge):
    ids, arrows = shape(Model(text), merge)
    at = layout(ids, list(arrows))
    assert set(at) == set(ids)
    for src, dst in arrows:
        assert at[src][0] < at[dst][0], (src, dst)
    for i in ids:
        for j in ids:
            if i != j and at[i][0] == at[j][0]:
                assert abs(at[i][1] - at[j][1]) >= 1 - 1e-9, (i, j)


def test_a_late_input_sits_just_left_of_where_it_joins():
    at = layout(*_shape(RUNNING, True))
    assert at["b"][0] == at["y_hat"][0] - 1
    assert at["y"][0] == at["r"][0] - 1
    assert at["w1"][0] == at["x"][0] == at["w2"][0] == 0


def _shape(model, merge):
    ids, arrows = shape(model, merge)
    return ids, list(arrows)


def test_notebook_1_draws_the_models_graph_with_its_sum_as_one():
    nodes = forward.nodes(**SEED)
    ids = [n.id for n in nodes]
    assert ids == [i for i in RUNNING.ids if i not in (
        "2", "w1*x**2 + w2*x")]
    values = dict(zip(RUNNING.ids, RUNNING.values(**SEED)))
    assert all(n.value == values[n.id] for n in nodes)
    assert set(forward.arrows()) == {
        ("x", "x**2"), ("w1", "w1*x**2"), ("x**2", "w1*x**2"),
        ("x", "w2*x"), ("w2", "w2*x"), ("w1*x**2", "y_hat"),
        ("w2*x", "y_hat"), ("b", "y_hat"), ("y_hat", "r"), ("y", "r"),
        ("r", "loss")}
    formulas = {n.id: n.formula for n in nodes}
    assert formulas["y_hat"] == "= w1·x² + w2·x + b"
    assert formulas["b"] == "parameter" and formulas["loss"] == "= r²"


@pytest.mark.parametrize("point", [SEED, dict(x=-1.5, y=0.25, w1=0.5,
                                               w2=-2.0, b=3.0)])
def test_notebook_2s_local_derivatives_are_the_models(point):
    x, w1, w2, r = point["x"], point["w1"], point["w2"], (
        RUNNING.forward(**point).r)
    local = backward.local(**point)
    assert local[("x", "x**2")] == ("2x", 2 * x)
    assert local[("w1", "w1*x**2")] == ("x²", x**2)
    assert local[("x**2", "w1*x**2")] == ("w1", w1)
    assert local[("x", "w2*x")] == ("w2", w2)
    assert local[("b", "y_hat")] == ("", 1.0)
    assert local[("y", "r")] == ("", -1.0)
    assert local[("r", "loss")] == ("2r", 2 * r)
    grads = backward.gradients(**point)
    g = RUNNING.manual_backward(**point)
    assert (grads["w1"], grads["w2"], grads["b"]) == (g.w1, g.w2, g.b)


def test_notebook_5_draws_any_models_values():
    m = Model("a*tanh(w*x) + c")
    nodes = build(m, 0.7, 2.0, a=1.5, w=0.5, c=0.1)
    nodes["loss"].backward()
    html = engine.draw(nodes["loss"], model=m)
    assert 'data-node="tanh(w*x)"' in html
    assert "1 - tanh(w*x)**2 = " in html
    local = engine.local_derivatives(nodes, m)
    assert local[("a", "a*tanh(w*x)")] == ("tanh(w*x)",
                                           nodes["tanh(w*x)"].data)


@pytest.mark.parametrize("text,edge,local", [
    (EXPRESSION, ("x", "x**2"), "2x"),
    (EXPRESSION, ("w1", "w1*x**2"), "x**2"),
    ("w/x", ("x", "y_hat"), "-w/x**2"),
    ("1/(w*x)", ("w*x", "y_hat"), "-1/(w*x)**2"),
    ("(w*x)**3", ("w*x", "y_hat"), "3*(w*x)**2"),
    ("x**(-1)*w", ("x", "x**(-1)"), "-1*x**(-2)"),
    ("x**w", ("w", "y_hat"), "x**w*log(x)"),
    ("sqrt(w*x)", ("w*x", "y_hat"), "1/(2*sqrt(w*x))"),
    ("tanh(w*x)", ("w*x", "y_hat"), "1 - tanh(w*x)**2"),
    ("-w", ("w", "y_hat"), "-1"),
])
def test_local_derivatives_as_text(text, edge, local):
    m = Model(text)
    index = {i: n for n, i in enumerate(m.ids)}
    assert m.local_text(index[edge[0]], index[edge[1]]) == local


def test_no_view_retypes_the_running_example():
    """Its text lives in bplab/model.py; views derive from RUNNING."""
    pieces = ["w1 * x**2", "w1*x**2 + w2*x", "w1·x² + w2·x",
              "w2 * x + b", "x**2 + w2"]
    for path in PACKAGE.glob("nb*/views.py"):
        code = path.read_text()
        for piece in pieces:
            assert piece not in code.split('"""', 2)[-1], (path, piece)


def test_a_picture_of_any_model():
    m = Model("w*sin(x) + b")
    values = dict(zip(m.ids, m.values(0.5, 1.0, w=2.0, b=0.5)))
    nodes, arrows = picture(m, values)
    assert [n.id for n in nodes] == ["w", "x", "sin(x)", "w*sin(x)", "b",
                                     "y_hat", "y", "r", "loss"]
    assert ("sin(x)", "w*sin(x)") in arrows
