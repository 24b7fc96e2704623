"""Gradient descent: manual and torch.optim.SGD agree, and it diverges
plainly, at the step it does, when lr is too large."""
import warnings

import numpy as np
import pytest

from bplab import descent, forward, manual_backward
from bplab.descent import (TRUE, Descent, best_fit, make_data, stable_lr,
                           train_manual, train_sgd)

X, Y = make_data()
START = dict(w1=1.0, w2=2.0, b=2.0)
FIELDS = ("w1", "w2", "b", "loss")


@pytest.fixture(autouse=True)
def warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def test_data_is_seeded_and_follows_the_true_curve():
    x, y = make_data()
    assert np.array_equal(y, Y) and len(x) == 20
    assert x[0] == -1.5 and x[-1] == 1.5
    assert not np.array_equal(make_data(seed=1)[1], y)
    clean = TRUE["w1"] * x**2 + TRUE["w2"] * x + TRUE["b"]
    assert np.array_equal(make_data(noise=0)[1], clean)
    assert 0.1 < np.std(y - clean) < 0.4


@pytest.mark.parametrize("bad, error", [
    (dict(n=0), ValueError), (dict(n=2.5), TypeError),
    (dict(noise=-1), ValueError), (dict(noise=float("nan")), ValueError)])
def test_make_data_names_bad_arguments(bad, error):
    with pytest.raises(error, match=next(iter(bad))):
        make_data(**bad)


def test_best_fit_is_least_squares():
    want = np.polyfit(X, Y, 2)
    assert list(best_fit(X, Y).values()) == pytest.approx(want, rel=1e-10)


@pytest.mark.parametrize("lr", [0.05, 0.1, 0.3, 0.5])
@pytest.mark.parametrize("start", [START, dict(w1=-4.0, w2=3.0, b=-2.5)])
def test_manual_and_sgd_trajectories_agree_to_1e12(lr, start):
    manual = train_manual(X, Y, **start, lr=lr, steps=60)
    sgd = train_sgd(X, Y, **start, lr=lr, steps=60)
    assert manual.steps == sgd.steps == 60
    for name in FIELDS:
        a, b = getattr(manual, name), getattr(sgd, name)
        assert np.allclose(a, b, rtol=1e-12, atol=1e-12), name


def test_they_diverge_at_the_same_step():
    manual = train_manual(X, Y, **START, lr=0.7, steps=100)
    sgd = train_sgd(X, Y, **START, lr=0.7, steps=100)
    assert manual.diverged_at == sgd.diverged_at == manual.steps + 1
    for name in FIELDS:
        assert np.allclose(getattr(manual, name), getattr(sgd, name),
                           rtol=1e-12, atol=1e-12), name


def test_each_step_goes_against_the_manual_gradient():
    run = train_manual(X, Y, **START, lr=0.1, steps=5)
    for k in range(5):
        w = dict(w1=run.w1[k], w2=run.w2[k], b=run.b[k])
        g = manual_backward(X, Y, **w)
        assert run.loss[k] == forward(X, Y, **w).loss
        assert run.w1[k + 1] == w["w1"] - 0.1 * g.w1
        assert run.w2[k + 1] == w["w2"] - 0.1 * g.w2
        assert run.b[k + 1] == w["b"] - 0.1 * g.b


def test_parameters_end_near_the_true_ones():
    run = train_manual(X, Y, **START, lr=0.1, steps=100)
    best = best_fit(X, Y)
    for name in ("w1", "w2", "b"):
        end = getattr(run, name)[-1]
        assert end == pytest.approx(TRUE[name], abs=0.2), name
        assert end == pytest.approx(best[name], abs=0.01), name
    assert run.diverged_at is None
    assert np.all(np.diff(run.loss) < 0)


def test_below_the_stable_lr_the_loss_falls_above_it_diverges():
    lr_max = stable_lr(X)
    below = train_manual(X, Y, **START, lr=0.98 * lr_max, steps=300)
    above = train_manual(X, Y, **START, lr=1.1 * lr_max, steps=300)
    assert below.diverged_at is None and np.all(np.diff(below.loss) < 0)
    assert above.diverged_at is not None


@pytest.mark.parametrize("train", [train_manual, train_sgd])
@pytest.mark.parametrize("lr", [0.7, 5.0, 1e6, 1e300])
def test_divergence_stops_before_nan_or_inf(train, lr):
    run = train(X, Y, **START, lr=lr, steps=100)
    assert run.diverged_at is not None
    assert run.steps == run.diverged_at - 1
    limit = descent.BLOWUP * forward(X, Y, **START).loss
    for name in FIELDS:
        assert np.all(np.isfinite(getattr(run, name))), name
    assert np.all(run.loss <= limit)
    assert (f"diverged at step {run.diverged_at}: lr too large, try below "
            f"{stable_lr(X):.4f})") in repr(run)


def test_descent_only_computes_steps_not_seen(monkeypatch):
    calls = []
    real = descent.manual_backward
    monkeypatch.setattr(descent, "manual_backward",
                        lambda *a: calls.append(1) or real(*a))
    run = Descent(X, Y, **START, lr=0.1)
    run.at(50)
    assert len(calls) == 51
    run.at(20)
    run.at(53)
    assert len(calls) == 54
    assert run.at(53)["w1"] == train_manual(X, Y, **START, lr=0.1,
                                            steps=53).w1[-1]


def test_trajectory_prints_with_fixed_decimals():
    run = train_manual(X, Y, **START, lr=0.1, steps=2)
    assert repr(run) == (
        f"Trajectory(steps=2, w1={run.w1[-1]:.4f}, w2={run.w2[-1]:.4f}, "
        f"b={run.b[-1]:.4f}, loss={run.loss[-1]:.4f})")


@pytest.mark.parametrize("train", [train_manual, train_sgd])
@pytest.mark.parametrize("bad, error", [
    (dict(lr=0), ValueError), (dict(lr=-0.1), ValueError),
    (dict(lr=float("inf")), ValueError), (dict(lr="0.1"), TypeError),
    (dict(steps=-1), ValueError), (dict(steps=2.0), TypeError),
    (dict(steps=True), TypeError), (dict(w1=float("nan")), ValueError)])
def test_bad_arguments_are_named(train, bad, error):
    args = dict(**START, lr=0.1, steps=3, **{})
    args.update(bad)
    with pytest.raises(error, match=next(iter(bad))):
        train(X, Y, **args)
