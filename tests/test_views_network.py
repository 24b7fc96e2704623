"""Notebook 6's views show what bplab.nn computes."""
import pytest

from bplab import nn
from bplab.descent import make_data
from bplab.draw.markup import quantities
from bplab.nb6.views import STEPS, check_view, network_view

X, Y = make_data()


@pytest.mark.parametrize("hidden, lr, step", [
    (8, 0.2, STEPS), (8, 0.2, 0), (3, 0.05, 120), (16, 0.1, 7)])
def test_loss_shown_is_the_trained_networks(hidden, lr, step):
    shown = quantities(network_view(hidden, lr, step))
    history = nn.train(X, Y, hidden, lr, STEPS)
    loss = nn.loss_and_grads(history.at(step), X, Y)[0]
    assert shown["loss"] == pytest.approx(loss, abs=5e-5)
    assert (shown["hidden"], shown["lr"], shown["step"]) == (
        hidden, lr, step)


def test_training_lowers_the_loss_shown():
    start = quantities(network_view(8, 0.2, 0))["loss"]
    end = quantities(network_view(8, 0.2, STEPS))["loss"]
    assert end < 0.05 < 1 < start


def test_too_large_an_lr_says_so_instead_of_nan():
    html = network_view(32, 0.5, STEPS)
    shown = quantities(html)
    assert "too large" in html and "nan" not in html.lower()
    history = nn.train(X, Y, 32, 0.5, STEPS)
    assert shown["diverged_at"] == len(history.losses)
    assert shown["step"] == len(history.losses) - 1


def test_moving_step_reuses_the_training():
    network_view(5, 0.15, 10)
    from bplab.nb6.views import history
    hits = history.cache_info().hits
    network_view(5, 0.15, 200)
    assert history.cache_info().hits == hits + 1


def test_check_table_marks_every_weight_right():
    html = check_view(8, 0)
    assert html.count("✓") == 2 * len(nn.PARAMS) and "✗" not in html


@pytest.mark.parametrize("kwargs, error", [
    (dict(hidden=0), ValueError), (dict(step=STEPS + 1), ValueError),
    (dict(lr=-0.1), ValueError), (dict(hidden=2.5), TypeError)])
def test_bad_controls_get_a_clear_error(kwargs, error):
    with pytest.raises(error):
        network_view(**kwargs)


def test_the_widget_passes_its_controls_to_the_view():
    from bplab.nb6.views import network_controls
    from bplab.ui.liveview import LiveView

    controls = network_controls()
    assert controls["hidden"].description == "hidden size"
    assert controls["lr"].description == "lr"
    live = LiveView(network_view, controls)
    assert live.picture.value == network_view(8, 0.2, STEPS)
    live.set(hidden=4, lr=0.1, step=50)
    assert live.picture.value == network_view(4, 0.1, 50)
    assert quantities(live.picture.value)["step"] == 50


@pytest.mark.parametrize("error, limit, finest, text", [
    (1e-15, 1e-10, 1e-12, "&lt; 1e-12 ✓"),
    (5e-11, 1e-10, 1e-12, "&lt; 1e-10 ✓"),
    (3e-9, 1e-7, 1e-7, "&lt; 1e-7 ✓"),
    (2e-5, 1e-7, 1e-7, "&lt; 1e-4 ✗"),
    (0.5, 1e-7, 1e-7, "5e-1 ✗")])
def test_errors_are_shown_by_the_power_of_ten_they_are_below(
        error, limit, finest, text):
    from bplab.nb6.views import _below
    assert _below(error, limit, finest) == text
