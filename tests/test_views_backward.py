"""Notebook 2's views: the backward pass step by step, the chain
factors, the tangents, and the gradient check."""
import re

import pytest

import bplab
from bplab.numeric import BAD, GOOD, central
from bplab.draw.markup import quantities
from bplab.nb2 import views as backward
from bplab.ui.controls import model_sliders
from bplab.ui.liveview import LiveView

SEED = dict(x=1.0, y=2.0, w1=1.0, w2=2.0, b=2.0)
STATES = [SEED, dict(x=-1.5, y=2.0, w1=1.0, w2=-2.0, b=2.0),
          dict(x=2.0, y=-3.0, w1=-0.5, w2=0.3, b=-4.0),
          dict(x=0.0, y=0.0, w1=0.0, w2=0.0, b=0.0),
          dict(x=-5.0, y=5.0, w1=5.0, w2=-5.0, b=5.0)]
RIGHT, HALF, SIGN, LINEAR = backward.FORMULAS


def loss_along(state, name):
    """loss as a function of one input, the others held."""
    return lambda v: bplab.forward(**{**state, name: v}).loss


@pytest.mark.parametrize("state", STATES)
def test_gradients_match_bplab(state):
    grads = backward.gradients(**state)
    manual = bplab.manual_backward(**state)
    for name in ["y_hat", "w1", "w2", "b"]:
        assert grads[name] == pytest.approx(getattr(manual, name),
                                            rel=1e-12, abs=1e-12)
    for name in ["x", "y"]:  # not in bplab: by central differences
        numeric = central(loss_along(state, name), state[name], 1e-5)
        assert grads[name] == pytest.approx(numeric, rel=1e-6, abs=1e-6)
    assert grads["loss"] == 1.0
    assert grads["r"] == 2 * bplab.forward(**state).r


def test_order_puts_every_head_before_its_tail():
    for (tail, head) in backward.local(**SEED):
        assert backward.ORDER.index(head) < backward.ORDER.index(tail)
    assert sorted(backward.ORDER) == sorted(backward.gradients(**SEED))


@pytest.mark.parametrize("step", range(backward.STEPS + 1))
def test_each_step_fills_one_more_node(step):
    html = backward.graph(**SEED, step=step)
    shown = quantities(html)
    done = set(backward.ORDER[:step])
    grads = {k[len("grad."):] for k in shown if k.startswith("grad.")}
    assert grads == done
    assert html.count("grad: not computed yet") == backward.STEPS - step
    pending = set(re.findall(r'data-pending="grad\.([^"]+)"', html))
    assert pending == set(backward.ORDER) - done
    lit = re.findall(r'class="node highlight[^"]*" data-node="([^"]+)"',
                     html)
    assert lit == backward.ORDER[step - 1:step]
    assert f"Step {step} of {backward.STEPS}" in html
    assert html.count("<li>") == step


def test_step_zero_says_nothing_is_computed_yet():
    html = backward.graph(**SEED, step=0)
    assert "no gradient is computed yet" in html
    assert not any(k.startswith("grad.") for k in quantities(html))


@pytest.mark.parametrize("state", STATES)
def test_graph_numbers_match_bplab(state):
    shown = quantities(backward.graph(**state))
    grads, f = backward.gradients(**state), bplab.forward(**state)
    for name, value in grads.items():
        assert shown[f"grad.{name}"] == pytest.approx(value, abs=5e-5)
    assert shown["value.loss"] == pytest.approx(f.loss, abs=5e-5)
    x, w1, w2 = state["x"], state["w1"], state["w2"]
    local = {"x:x**2": 2 * x, "w1:w1*x**2": x**2, "x**2:w1*x**2": w1,
             "x:w2*x": w2, "w2:w2*x": x, "r:loss": 2 * f.r}
    for edge, value in local.items():
        assert shown[f"local.{edge}"] == pytest.approx(value, abs=5e-5)


@pytest.mark.parametrize("step", [-1, 12, 2.5, True, "3"])
def test_a_step_out_of_range_is_an_error_naming_it(step):
    with pytest.raises(ValueError, match="step must be a whole number"):
        backward.graph(**SEED, step=step)


@pytest.mark.parametrize("view, bad, message", [
    (backward.tangent, dict(param="x"), "param must be one of w1, w2, b"),
    (backward.gradient_check, dict(formula="right"), "formula must be"),
    (backward.gradient_check, dict(h=0.0), "h must be > 0"),
    (backward.chain, dict(y=float("inf")), "y must be finite")])
def test_bad_arguments_are_named(view, bad, message):
    with pytest.raises(ValueError, match=message):
        view(**{**SEED, **bad})


def test_x_sums_both_paths():
    text = backward.step_text(**SEED, node="x")
    assert "dloss/d(x**2) · 2x + dloss/d(w2*x) · w2" in text
    assert quantities(text)["grad.x"] == 2 * 3 * (2 * 1 + 2)


def test_constant_local_derivatives_read_as_numbers():
    text = backward.step_text(**SEED, node="y")
    assert "dloss/dy = dloss/dr · (-1) =" in text
    assert "dloss/db = dloss/dy_hat · 1 =" in backward.step_text(
        **SEED, node="b")


@pytest.mark.parametrize("state", STATES)
def test_chain_factors(state):
    shown = quantities(backward.chain(**state))
    g, r = bplab.manual_backward(**state), bplab.forward(**state).r
    assert shown["dloss/dr"] == pytest.approx(2 * r, abs=5e-5)
    assert shown["dy_hat/dw1"] == pytest.approx(state["x"] ** 2, abs=5e-5)
    assert shown["dy_hat/dw2"] == pytest.approx(state["x"], abs=5e-5)
    assert shown["dy_hat/db"] == 1.0
    for p in ["w1", "w2", "b"]:
        assert shown[f"dloss/d{p}"] == pytest.approx(getattr(g, p),
                                                     abs=5e-5)


@pytest.mark.parametrize("state", STATES)
def test_tangent_slopes_are_the_gradients(state):
    shown = quantities(backward.tangents(**state))
    g = bplab.manual_backward(**state)
    for p in ["w1", "w2", "b"]:
        assert shown[f"dloss/d{p}"] == pytest.approx(getattr(g, p),
                                                     abs=5e-5)


def test_tangent_line_has_the_gradient_as_slope():
    svg = backward.tangent(**SEED, param="w1")   # loss(w1) = (w1 + 2)**2
    plot = bplab.draw.plot.Plot((-1, 3), (0, 25 * 1.1), 270, 210)
    u0, v0 = plot.px(-1, 9 - 2 * 6)
    u1, v1 = plot.px(3, 9 + 2 * 6)
    assert (f'class="accent" points="{u0:.1f},{v0:.1f} {u1:.1f},{v1:.1f}"'
            in svg)
    assert "slope = 2r·x² = " in svg


@pytest.mark.parametrize("state", STATES)
def test_right_formula_passes_the_check(state):
    html = backward.gradient_check(**state, formula=RIGHT)
    shown = quantities(html)
    manual = bplab.manual_backward(**state)
    numeric = bplab.numeric_backward(**state)
    for p in ["w1", "w2", "b"]:
        assert shown[f"formula.{p}"] == pytest.approx(getattr(manual, p),
                                                      abs=5e-7)
        assert shown[f"numeric.{p}"] == pytest.approx(getattr(numeric, p),
                                                      abs=5e-7)
        error = bplab.rel_error(getattr(manual, p), getattr(numeric, p))
        assert shown[f"rel_error.{p}"] == pytest.approx(error, rel=0.06,
                                                        abs=1e-300)
    assert html.count("✓ right") == 3


@pytest.mark.parametrize("formula", [HALF, SIGN, LINEAR])
def test_each_wrong_formula_fails_away_from_x_1(formula):
    html = backward.gradient_check(x=-1.5, y=2.0, w1=1.0, w2=-2.0, b=2.0,
                                   formula=formula)
    assert "✗ wrong" in html
    shown = quantities(html)
    assert max(shown[f"rel_error.{p}"] for p in ["w1", "w2", "b"]) > BAD


def test_x_for_x_squared_slips_through_at_x_1():
    """At x = 1, x and x**2 are equal: a check there cannot tell."""
    html = backward.gradient_check(**SEED, formula=LINEAR)
    assert html.count("✓ right") == 3


def test_tiny_h_leaves_the_check_unsure():
    html = backward.gradient_check(**{**SEED, "x": 1.3}, h=1e-10)
    assert "? unsure" in html


@pytest.mark.parametrize("error, word", [
    (0.0, "✓"), (GOOD, "✓"), (2 * GOOD, "?"), (BAD, "?"),
    (2 * BAD, "✗")])
def test_verdict_thresholds(error, word):
    assert backward.verdict(error).startswith(word)


def test_live_step_view_after_set():
    controls = {**model_sliders(), "step": backward.stepper()}
    live = LiveView(backward.graph, controls)
    assert "grad: not computed yet" in live.picture.value
    live.set(step=backward.STEPS, x=-2.0)
    shown = quantities(live.picture.value)
    assert "not computed yet" not in live.picture.value
    assert shown["grad.w1"] == pytest.approx(
        bplab.manual_backward(**{**SEED, "x": -2.0}).w1, abs=5e-5)
    assert controls["step"].slider.value == backward.STEPS


def test_the_stepper_follows_its_slider_and_shares_its_range():
    stepper = backward.stepper()
    live = LiveView(backward.graph, {**model_sliders(), "step": stepper})
    stepper.slider.value = 3           # as the play button would
    assert stepper.value == 3 and live.picture.value.count("<li>") == 3
    assert live.shared().endswith(",step=3")
    assert live.restore("bplab:x=1,y=2,w1=1,w2=2,b=2,step=12").startswith(
        "✗ step=12 is outside")
    assert live.restore("bplab:x=1,y=2,w1=1,w2=2,b=2,step=5") == \
        "✓ restored"
    assert stepper.slider.value == 5


@pytest.mark.parametrize("view, name", [
    (backward.chain, "dloss/dw2"), (backward.tangents, "dloss/dw2")])
def test_live_views_after_set(view, name):
    live = LiveView(view, model_sliders())
    live.set(w2=-3.0, y=4.0)
    want = bplab.manual_backward(**{**SEED, "w2": -3.0, "y": 4.0}).w2
    assert quantities(live.picture.value)[name] == pytest.approx(
        want, abs=5e-5)


def test_live_gradient_check_after_set():
    live = LiveView(backward.gradient_check,
                    {**model_sliders(), **backward.check_controls()})
    assert live.picture.value.count("✓ right") == 3
    live.set(formula=HALF)
    assert live.picture.value.count("✗ wrong") == 3
    live.set(x=2.0, formula=RIGHT)
    assert quantities(live.picture.value)["formula.w1"] == pytest.approx(
        bplab.manual_backward(**{**SEED, "x": 2.0}).w1, abs=5e-7)
