"""Notebook 5's views show what bplab computes, in every state."""
import pytest

from bplab import manual_backward, torch_backward
from bplab.engine import Value, engine_backward, model_graph
from bplab.draw.markup import quantities
from bplab.nb5.views import draw, engine_view

SEED = dict(x=1.0, y=2.0, w1=1.0, w2=2.0, b=2.0)
POINTS = [SEED, dict(x=-1.5, y=0.25, w1=0.5, w2=-2.0, b=3.0),
          dict(x=0.0, y=-4.0, w1=-3.0, w2=5.0, b=-5.0)]
NAMES = ["y_hat", "w1", "w2", "b"]


@pytest.mark.parametrize("point", POINTS)
def test_engine_manual_and_torch_columns(point):
    shown = quantities(engine_view(**point))
    ways = {"engine": engine_backward(**point),
            "manual": manual_backward(**point),
            "torch": torch_backward(**point)}
    for way, grads in ways.items():
        for name in NAMES:
            assert shown[f"{way}.{name}"] == pytest.approx(
                getattr(grads, name), abs=5e-5), f"{way}.{name}"


@pytest.mark.parametrize("point", POINTS)
def test_graph_shows_each_value_and_gradient(point):
    shown = quantities(engine_view(**point))
    x, y, w1, w2, b = point.values()
    r = w1 * x**2 + w2 * x + b - y
    want = {"value.x": x, "value.x2": x**2, "value.w2x": w2 * x,
            "value.r": r, "value.loss": r**2, "grad.loss": 1.0,
            "grad.r": 2 * r, "grad.y": -2 * r, "grad.x2": 2 * r * w1,
            "grad.w1": 2 * r * x**2, "grad.x": 2 * r * (2 * w1 * x + w2),
            "local.r:loss": 2 * r, "local.x:x2": 2 * x,
            "local.x:w2x": w2}
    for name, value in want.items():
        assert shown[name] == pytest.approx(value, abs=5e-5), name


def test_x_gradient_is_the_sum_of_its_two_paths():
    shown = quantities(engine_view(**SEED))
    assert shown["x.via_x2"] == 12.0 and shown["x.via_w2x"] == 12.0
    assert shown["x.grad_sum"] == shown["grad.x"] == 24.0


def test_before_backward_no_gradient_is_shown_as_a_number():
    nodes = model_graph(**SEED)
    picture = draw(nodes["loss"])
    assert not any(name.startswith("grad.") for name in quantities(picture))
    assert picture.count("not computed yet") == len(nodes)
    assert quantities(picture)["value.loss"] == 9.0


def test_a_second_backward_is_drawn_with_a_warning():
    nodes = model_graph(**SEED)
    nodes["loss"].backward()
    assert "summed over" not in draw(nodes["loss"])
    nodes["loss"].backward()
    picture = draw(nodes["loss"])
    assert "summed over 2 backward() calls" in picture
    assert quantities(picture)["grad.w1"] == 12.0


def test_any_expression_can_be_drawn():
    a = Value(2.0, label="a")
    out = a * a + 3 * a
    out.backward()
    shown = quantities(draw(out))
    assert shown["grad.a"] == 7.0
    assert sorted(v for k, v in shown.items() if k.startswith("value.")) \
        == [2.0, 3.0, 4.0, 6.0, 10.0]


def test_bad_slider_values_are_named():
    with pytest.raises(TypeError, match="w1 must be a real number"):
        engine_view(1.0, 2.0, "one", 2.0, 2.0)


def test_the_widget_redraws_the_engine_view():
    from bplab.ui.controls import model_sliders
    from bplab.ui.liveview import LiveView

    live = LiveView(engine_view, model_sliders())
    assert quantities(live.picture.value)["engine.w1"] == 6.0
    live.set(x=2.0)
    point = dict(SEED, x=2.0)
    assert quantities(live.picture.value)["engine.w1"] == pytest.approx(
        engine_backward(**point).w1, abs=5e-5)
