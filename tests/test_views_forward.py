"""Notebook 1's views: every number shown is bplab's, at any state."""
import re

import pytest

import bplab
from bplab.draw.markup import quantities
from bplab.nb1 import views as forward
from bplab.ui.controls import model_sliders
from bplab.ui.liveview import LiveView

SEED = dict(x=1.0, y=2.0, w1=1.0, w2=2.0, b=2.0)
STATES = [SEED, dict(x=-1.5, y=2.0, w1=1.0, w2=-2.0, b=2.0),
          dict(x=2.0, y=-3.0, w1=-0.5, w2=0.3, b=-4.0),
          dict(x=0.0, y=0.0, w1=0.0, w2=0.0, b=0.0),
          dict(x=-5.0, y=5.0, w1=5.0, w2=-5.0, b=5.0)]


@pytest.mark.parametrize("state", STATES)
def test_view_shows_bplab_forward(state):
    shown = quantities(forward.view(**state))
    f = bplab.forward(**state)
    assert shown["y_hat"] == pytest.approx(f.y_hat, abs=5e-5)
    assert shown["r"] == pytest.approx(f.r, abs=5e-5)
    assert shown["loss"] == pytest.approx(f.loss, abs=5e-5)
    for name in ["x", "y", "w1", "w2", "b"]:
        assert shown[name] == pytest.approx(state[name], abs=5e-3)


def test_seed_numbers_and_formulas_side_by_side():
    html = forward.numbers(**SEED)
    assert quantities(html)["loss"] == 9.0
    for formula in ["w1·x² + w2·x + b", "y_hat − y", "r²"]:
        assert formula in html


def test_negative_numbers_are_bracketed_in_formulas():
    html = forward.numbers(x=-1.5, y=2.0, w1=1.0, w2=-2.0, b=2.0)
    assert '(<span class="q" data-q="x">-1.50</span>)²' in html
    assert '(<span class="q" data-q="w2">-2.00</span>)' in html
    assert '(<span class="q" data-q="b">' not in html


@pytest.mark.parametrize("state", STATES)
def test_graph_values_and_no_gradients_yet(state):
    html = forward.graph(**state)
    shown = quantities(html)
    x, w1, w2 = state["x"], state["w1"], state["w2"]
    want = {"x**2": x**2, "w1*x**2": w1 * x**2, "w2*x": w2 * x,
            **bplab.forward(**state).asdict(), **state}
    assert {k[len("value."):] for k in shown} == set(want)
    for name, value in want.items():
        assert shown[f"value.{name}"] == pytest.approx(value, abs=5e-5)
    assert html.count("grad: not computed yet") == 11
    assert not any(k.startswith("grad.") for k in shown)


def test_parabola_draws_the_residual_between_the_two_points():
    state = dict(x=-1.5, y=2.0, w1=1.0, w2=-2.0, b=2.0)
    svg = forward.parabola(**state)
    f = bplab.forward(**state)
    assert quantities(svg) == {"r": pytest.approx(f.r, abs=5e-5)}
    dots = re.findall(r'<circle class="([^"]+)" cx="([\d.]+)" '
                      r'cy="([\d.]+)"', svg)
    (_, u1, v1), (_, u2, v2) = dots
    assert u1 == u2 and float(v1) < float(v2)  # y_hat above y: r > 0
    dashed = re.search(r'class="dashed" points="([\d.]+),([\d.]+) '
                       r'([\d.]+),([\d.]+)"', svg).groups()
    assert dashed == (u2, v2, u1, v1)


@pytest.mark.parametrize("state", STATES)
def test_window_holds_the_point_and_the_prediction(state):
    y_hat = bplab.forward(**state).y_hat
    (x0, x1), (y0, y1) = forward.window(
        state["x"], state["y"], y_hat, state["w1"], state["w2"],
        state["b"])
    assert x0 < state["x"] < x1
    assert y0 < min(state["y"], y_hat, 0) and max(state["y"], y_hat) < y1


def test_summary_is_plain_text():
    assert forward.summary(**SEED) == (
        "y_hat = 5.0000, r = 3.0000, loss = 9.0000")


def test_bad_input_names_the_argument():
    with pytest.raises(ValueError, match="x must be finite"):
        forward.view(**{**SEED, "x": float("nan")})


@pytest.mark.parametrize("view", [forward.view, forward.graph])
def test_live_view_follows_the_sliders(view):
    live = LiveView(view, model_sliders(), forward.summary)
    assert quantities(live.picture.value)["value.loss" if view is
                                           forward.graph else "loss"] == 9
    live.set(x=-2.0, w2=-1.0)
    shown = quantities(live.picture.value)
    loss = bplab.forward(**{**SEED, "x": -2.0, "w2": -1.0}).loss
    key = "value.loss" if view is forward.graph else "loss"
    assert shown[key] == pytest.approx(loss, abs=5e-5)
    bundle = live._repr_mimebundle_()
    assert bundle["text/html"] == live.picture.value
    assert bundle["text/plain"] == forward.summary(**live.values())


def test_every_slider_keeps_its_range_in_the_kernel():
    live = LiveView(forward.view, model_sliders())
    for name, control in live.controls.items():
        lo, hi = control.min, control.max
        control.set_state({"min": lo - 1000, "max": hi + 1000,
                           "value": hi + 1000})
        assert (control.min, control.max, control.value) == (lo, hi, hi)
        assert live.values()[name] == hi
