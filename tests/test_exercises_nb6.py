"""Notebook 6's checks accept the solutions and name each mistake."""
import runpy
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from bplab import nn
from bplab.descent import make_data
from bplab.nb6 import exercises as nb6

SOLUTIONS = Path(__file__).resolve().parents[1] / "solutions" / "nb6.py"
solutions = SimpleNamespace(**runpy.run_path(str(SOLUTIONS)))


def test_the_solutions_pass():
    assert nb6.check_dr(solutions.dr).passed
    assert nb6.check_dz(solutions.dz).passed
    assert nb6.check_dW2(solutions.dW2).passed


def test_the_solutions_are_what_nn_computes():
    """The exercises' stages are the network's own: same numbers."""
    x, y = make_data()
    params = nn.init(5, seed=2)
    grads = nn.loss_and_grads(params, x, y, reg=0.1)[1]
    h = np.tanh(x[:, None] @ params["W1"] + params["b1"])
    r = h @ params["W2"] + params["b2"] - y[:, None]
    dy_hat = solutions.dr(r)
    assert np.allclose(solutions.dW2(h, dy_hat, params["W2"], 0.1),
                       grads["W2"], rtol=1e-12, atol=0)
    dz = solutions.dz(h, dy_hat @ params["W2"].T)
    assert np.allclose(dz.sum(axis=0), grads["b1"], rtol=1e-12, atol=0)


@pytest.mark.parametrize("check", [nb6.check_dr, nb6.check_dz,
                                   nb6.check_dW2])
def test_stubs_are_not_answered_yet(check):
    def stub(*args, **kwargs):
        return ...
    assert check(stub).mistake == "not answered"


@pytest.mark.parametrize("words, dr", [
    ("batch mean forgotten", lambda r: 2 * r),
    ("missing factor 2", lambda r: r / r.shape[0]),
    ("wrong sign of r", lambda r: -2 * r / len(r)),
    ("divided by n twice", lambda r: 2 * r / len(r) / len(r)),
])
def test_dr_mistakes_are_named(words, dr):
    verdict = nb6.check_dr(dr)
    assert not verdict.passed and verdict.mistake.startswith(words)


@pytest.mark.parametrize("words, dz", [
    ("dh is missing", lambda h, dh: 1 - h * h),
    ("tanh applied twice", lambda h, dh: (1 - np.tanh(h) ** 2) * dh),
    ("the square is missing", lambda h, dh: (1 - h) * dh),
    ("the sign is flipped", lambda h, dh: -(1 - h**2) * dh),
])
def test_dz_mistakes_are_named(words, dz):
    verdict = nb6.check_dz(dz)
    assert not verdict.passed and verdict.mistake.startswith(words)


def forgot_penalty(h, dy_hat, W2, reg):
    grad = 2 * reg * W2
    grad = h.T @ dy_hat      # = where += belongs
    return grad


def only_penalty(h, dy_hat, W2, reg):
    grad = h.T @ dy_hat
    grad = 2 * reg * W2      # = where += belongs
    return grad


@pytest.mark.parametrize("words, dW2", [
    ("= where += belongs: the penalty's share", forgot_penalty),
    ("= where += belongs: only the penalty's share", only_penalty),
    ("missing factor 2 in the penalty",
     lambda h, dy_hat, W2, reg: reg * W2 + h.T @ dy_hat),
    ("transposed", lambda h, dy_hat, W2, reg:
        dy_hat.T @ h + 2 * reg * W2.T),
])
def test_dW2_mistakes_are_named(words, dW2):
    verdict = nb6.check_dW2(dW2)
    assert not verdict.passed and verdict.mistake.startswith(words)


def test_a_shape_error_is_reported_not_raised():
    verdict = nb6.check_dW2(lambda h, dy_hat, W2, reg: h @ dy_hat)
    assert verdict.mistake == "raised" and "ValueError" in verdict.message
