"""Notebook 4's view shows what bplab.descent computes, in every state."""
import math
import re
import warnings

import numpy as np
import pytest

from bplab import descent, forward, manual_backward
from bplab.nb4 import views as view
from bplab.draw.markup import quantities
from bplab.nb4.views import descent_view, descent_widget

DEFAULT = dict(w1=1.0, w2=2.0, b=2.0, lr=0.1, step=0)
STATES = [DEFAULT, dict(w1=1.0, w2=2.0, b=2.0, lr=0.1, step=100),
          dict(w1=-2.0, w2=1.0, b=0.0, lr=0.25, step=37),
          dict(w1=5.0, w2=-5.0, b=-5.0, lr=0.01, step=1)]


@pytest.fixture(autouse=True)
def warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def shown_state(state):
    """What the view must show: the state `step` steps into the run."""
    *start, lr, step = state.values()
    run = descent.train_manual(view.X, view.Y, *start, lr=lr, steps=step)
    return {name: getattr(run, name)[-1] for name in
            ("w1", "w2", "b", "loss")}


@pytest.mark.parametrize("state", STATES)
def test_view_shows_the_run_at_its_step(state):
    shown = quantities(descent_view(**state))
    want = shown_state(state)
    assert shown["step"] == state["step"]
    for name, value in want.items():
        assert shown[name] == pytest.approx(value, abs=5e-5), name
    params = {k: want[k] for k in ("w1", "w2", "b")}
    g = manual_backward(view.X, view.Y, **params)
    assert shown["loss"] == pytest.approx(
        forward(view.X, view.Y, **params).loss, abs=5e-5)
    for name in ("w1", "w2", "b"):
        grad = getattr(g, name)
        assert shown[f"dloss/d{name}"] == pytest.approx(grad, abs=5e-5)
        assert shown[f"next.{name}"] == pytest.approx(
            params[name] - state["lr"] * grad, abs=5e-5)
    assert shown["lr"] == pytest.approx(state["lr"])


def test_view_shows_the_data_the_limit_and_the_best_fit():
    shown = quantities(descent_view(**DEFAULT))
    lr_max = descent.stable_lr(view.X)
    assert shown["lr_max"] == pytest.approx(lr_max, abs=5e-5)
    assert shown["lambda_max"] == pytest.approx(2 / lr_max, abs=5e-5)
    best = descent.best_fit(view.X, view.Y)
    for name in ("w1", "w2", "b"):
        assert shown[f"true.{name}"] == descent.TRUE[name]
        assert shown[f"best.{name}"] == pytest.approx(best[name], abs=5e-5)
    assert shown["best.loss"] == pytest.approx(
        forward(view.X, view.Y, **best).loss, abs=5e-5)


def test_default_view_has_both_plots_and_says_lr_is_fine():
    html = descent_view(**DEFAULT)
    assert html.count("<svg") == 2
    assert "log₁₀(loss) during training" in html and "the fit over the data" in html
    assert "✓ lr = " in html and "diverged" not in html
    assert len(re.findall(r'<circle class="point"', html)) == 1 + len(view.X)


def test_loss_curve_grows_one_point_per_step():
    def points(step):
        html = descent_view(**{**DEFAULT, "step": step})
        curve = re.search(r'class="curve" points="([^"]*)"', html).group(1)
        return curve.split()

    assert len(points(0)) == 1
    assert len(points(10)) == 11
    assert points(10)[:5] == points(4)


def test_too_large_lr_says_so_plainly_at_the_step_it_diverges():
    state = dict(DEFAULT, lr=0.7, step=100)
    html = descent_view(**state)
    run = descent.train_manual(view.X, view.Y, 1.0, 2.0, 2.0, lr=0.7,
                               steps=100)
    k = run.diverged_at
    assert k is not None
    floor = f"{descent.stable_lr(view.X):.4f}"
    assert (f'diverged at step <span class="q" data-q="diverged_at">{k}'
            f'</span>: lr too large, try below <span class="q" '
            f'data-q="lr_max">{floor}</span>') in html
    shown = quantities(html)
    assert shown["step"] == k - 1
    assert shown["loss"] == pytest.approx(run.loss[-1], rel=1e-6)
    assert not re.search(r"\b(nan|inf)\b", html, re.IGNORECASE)
    assert all(math.isfinite(v) for v in shown.values())


def test_before_it_diverges_the_view_warns():
    html = descent_view(**dict(DEFAULT, lr=0.7, step=3))
    assert "lr is above" in html and "will diverge" in html
    assert "diverged at step" not in html
    assert quantities(html)["step"] == 3


def test_slightly_too_large_lr_warns_though_not_yet_blown_up():
    html = descent_view(**dict(DEFAULT, lr=0.52, step=100))
    assert "lr is above" in html and "diverged at step" not in html


def test_moving_only_step_never_recomputes_from_scratch(monkeypatch):
    calls = []
    real = descent.manual_backward
    monkeypatch.setattr(descent, "manual_backward",
                        lambda *a: calls.append(1) or real(*a))
    view.run.cache_clear()
    descent_view(**dict(DEFAULT, step=40))
    assert len(calls) == 41
    for step in (41, 42, 10, 0, 42):
        descent_view(**dict(DEFAULT, step=step))
    assert len(calls) == 43


@pytest.mark.parametrize("step, error", [(-1, ValueError), (1.5, TypeError)])
def test_bad_step_is_named(step, error):
    with pytest.raises(error, match="step"):
        descent_view(**dict(DEFAULT, step=step))


def test_widget_sliders_play_and_buttons():
    live = descent_widget()
    assert live.values() == DEFAULT
    labels = [c.description for c in live.controls.values()]
    assert labels[:5] == ["w1", "w2", "b", "lr", "step"]
    assert live.picture.value == descent_view(**DEFAULT)
    live.controls["step"].next.click()
    live.controls["step"].next.click()
    assert live.values()["step"] == 2
    assert live.picture.value == descent_view(**dict(DEFAULT, step=2))
    live.set(lr=0.7, step=100)
    assert "diverged at step" in live.picture.value
    live.controls["step"].reset.click()
    assert live.values()["step"] == 0
    assert live._repr_mimebundle_()["text/html"] == descent_view(
        **dict(DEFAULT, lr=0.7))


def test_lr_slider_reaches_past_the_stable_lr():
    lr = descent_widget().controls["lr"]
    assert lr.min < 0.1 < view.LR_MAX < lr.max
    assert np.isclose(view.LR_MAX, descent.stable_lr(view.X))


@pytest.mark.parametrize("state", [
    {"max": 20000, "value": 20000}, {"value": 20000, "max": 20000}])
def test_a_client_cannot_widen_the_step_range(state):
    """A page (a Voila client, say) sends the Play a wider range and a
    value in it: no view runs past MAX_STEPS, and the step goes back."""
    live = descent_widget()
    seen = []
    original = live.view
    live.view = lambda **values: seen.append(values["step"]) or original(
        **values)
    player = live.controls["step"]
    player.play.set_state(state)  # as a comm message from the page
    assert seen and max(seen) == view.MAX_STEPS
    assert player.value == view.MAX_STEPS == player.play.value
    assert live.picture.value == descent_view(**dict(DEFAULT, step=100))
