"""The seed example, batches, and the result objects."""
import numpy as np
import pytest

from bplab import (Forward, Gradients, forward, manual_backward,
                   numeric_backward, rel_error, torch_backward)

SEED = dict(x=1.0, y=2.0, w1=1.0, w2=2.0, b=2.0)
BACKWARDS = [manual_backward, torch_backward, numeric_backward]


def test_seed_forward():
    assert forward(**SEED) == Forward(y_hat=5.0, r=3.0, loss=9.0)


@pytest.mark.parametrize("backward", BACKWARDS)
def test_seed_gradients_are_all_six(backward):
    grads = backward(**SEED)
    assert rel_error(grads, Gradients(6.0, 6.0, 6.0, 6.0)) < 1e-9
    assert all(type(g) is float for g in grads)


def test_seed_exact_by_hand_and_by_torch():
    assert manual_backward(**SEED) == Gradients(6.0, 6.0, 6.0, 6.0)
    assert torch_backward(**SEED) == Gradients(6.0, 6.0, 6.0, 6.0)


def test_positional_and_keyword_give_the_same():
    assert forward(1, 2, 1, 2, 2) == forward(**SEED)
    assert manual_backward(1, 2, w1=1, w2=2, b=2) == manual_backward(**SEED)


def test_formulas_away_from_the_seed():
    x, y, w1, w2, b = -1.5, 0.25, 0.5, -2.0, 3.0
    y_hat = w1 * x**2 + w2 * x + b
    r = y_hat - y
    assert forward(x, y, w1, w2, b) == Forward(y_hat, r, r**2)
    assert manual_backward(x, y, w1, w2, b) == Gradients(
        2 * r, 2 * r * x**2, 2 * r * x, 2 * r)


def test_batch_loss_is_the_mean_and_gradients_its_gradients():
    x, y = [1.0, 2.0, -1.0], [2.0, 3.0, 0.5]
    out = forward(x, y, 1.0, 2.0, 2.0)
    r = np.array([5 - 2, 10 - 3, 1 - 0.5])
    assert np.array_equal(out.r, r)
    assert out.loss == pytest.approx(np.mean(r**2))
    grads = manual_backward(x, y, 1.0, 2.0, 2.0)
    xs = np.array(x)
    assert np.allclose(grads.y_hat, 2 * r / 3)
    assert grads.w1 == pytest.approx(np.mean(2 * r * xs**2))
    assert grads.w2 == pytest.approx(np.mean(2 * r * xs))
    assert grads.b == pytest.approx(np.mean(2 * r))
    for backward in BACKWARDS[1:]:
        assert rel_error(backward(x, y, 1.0, 2.0, 2.0), grads) < 1e-6


def test_a_batch_of_one_is_the_scalar_case():
    one = manual_backward([1.0], [2.0], 1, 2, 2)
    assert one.w1 == 6.0 and np.array_equal(one.y_hat, [6.0])


def test_results_are_immutable():
    out = forward([1.0, 2.0], [2.0, 3.0], 1, 2, 2)
    with pytest.raises(AttributeError):
        out.loss = 0.0
    with pytest.raises(ValueError):
        out.r[0] = 0.0
    grads = manual_backward(**SEED)
    with pytest.raises(AttributeError):
        grads.w1 = 0.0


def test_results_print_with_fixed_decimals():
    assert repr(forward(**SEED)) == (
        "Forward(y_hat=5.0000, r=3.0000, loss=9.0000)")
    assert repr(manual_backward(1, 2, 1, 2, 2.5)) == (
        "Gradients(y_hat=7.0000, w1=7.0000, w2=7.0000, b=7.0000)")
    assert repr(forward([1, 2], [2, 3], 1, 2, 2)) == (
        "Forward(y_hat=[5.0000, 10.0000], r=[3.0000, 7.0000], "
        "loss=29.0000)")
    assert "-0.0000" not in repr(forward(1, 5 + 1e-9, 1, 2, 2))


def test_results_unpack_and_compare():
    w1_grad = manual_backward(**SEED).w1
    dy_hat, dw1, dw2, db = manual_backward(**SEED)
    assert (dy_hat, dw1, dw2, db) == (6.0, w1_grad, 6.0, 6.0)
    assert forward(**SEED) != forward(1, 2, 1, 2, 3)
    assert forward(**SEED).asdict() == {"y_hat": 5.0, "r": 3.0, "loss": 9.0}


def test_rel_error():
    assert rel_error(6.0, 6.0) == 0.0
    assert rel_error(0.0, 0.0) == 0.0
    assert rel_error(1.0, 2.0) == 0.5
    assert rel_error(-1.0, 1.0) == 2.0
    assert rel_error(0.0, 1e-300) == 1.0
    assert rel_error([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert rel_error(np.array([1.0, 4.0]), np.array([1.0, 2.0])) == 0.5
    a, b = manual_backward(**SEED), manual_backward(1, 2, 1, 2, 2.5)
    assert rel_error(a, b) == pytest.approx(1 / 7)


def test_rel_error_rejects_what_it_cannot_compare():
    with pytest.raises(TypeError, match="same kind"):
        rel_error(forward(**SEED), manual_backward(**SEED))
    with pytest.raises(TypeError, match="a must be a number"):
        rel_error("6", 6.0)
    with pytest.raises(ValueError, match="b must be finite"):
        rel_error(1.0, float("nan"))
    with pytest.raises(ValueError, match="equal shapes"):
        rel_error([1.0, 2.0], [1.0])
