"""The network's hand-written backward pass against torch and numbers."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bplab import nn, rel_error
from bplab.descent import make_data
from bplab.numeric import BAD, GOOD

X, Y = make_data()


def random_params(hidden, seed, scale):
    """Weights as training might leave them: any size, any sign."""
    params = nn.init(hidden, seed)
    rng = np.random.default_rng(seed + 1)
    return {k: scale * v + 0.1 * rng.normal(size=v.shape)
            for k, v in params.items()}


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 16), st.integers(0, 2**32 - 2),
       st.floats(0.2, 2.0), st.sampled_from([0.0, nn.REG, 0.1]))
def test_gradients_agree_with_torch_to_1e10(hidden, seed, scale, reg):
    params = random_params(hidden, seed, scale)
    loss, grads = nn.loss_and_grads(params, X, Y, reg)
    torch_loss, torch_grads = nn.torch_grads(params, X, Y, reg)
    assert rel_error(loss, torch_loss) <= 1e-12
    for name in nn.PARAMS:
        assert grads[name].shape == params[name].shape
        assert rel_error(grads[name], torch_grads[name]) <= 1e-10, name


@pytest.mark.parametrize("seed", range(5))
def test_gradient_check_by_finite_differences(seed):
    params = nn.init(8, seed)
    grads = nn.loss_and_grads(params, X, Y, reg=0.1)[1]
    numeric = nn.numeric_grads(params, X, Y, reg=0.1)
    for name in nn.PARAMS:
        assert rel_error(grads[name], numeric[name]) <= GOOD, name


def test_a_wrong_backward_fails_the_check():
    params = nn.init(4, 0)
    grads = nn.loss_and_grads(params, X, Y, reg=0.1)[1]
    numeric = nn.numeric_grads(params, X, Y, reg=0.1)
    # dropping the penalty's share of dW1 (= where += belongs)
    wrong = grads["W1"] - 2 * 0.1 * params["W1"]
    assert rel_error(wrong, numeric["W1"]) > BAD


def test_the_penalty_is_part_of_the_loss():
    params = nn.init(3, 0)
    plain = nn.loss_and_grads(params, X, Y, reg=0.0)[0]
    y_hat = nn.predict(params, X)[:, 0]
    assert plain == pytest.approx(np.mean((y_hat - Y) ** 2), rel=1e-14)
    penalty = 0.5 * (np.sum(params["W1"]**2) + np.sum(params["W2"]**2))
    assert nn.loss_and_grads(params, X, Y, reg=0.5)[0] == pytest.approx(
        plain + penalty, rel=1e-14)


def test_training_fits_the_quadratic():
    history = nn.train(X, Y, hidden=8, lr=0.1, steps=300)
    assert not history.diverged
    assert len(history.losses) == len(history.params) == 301
    assert history.losses[-1] < 0.1 * history.losses[0]
    assert history.losses[-1] < 0.15   # the noise alone gives about 0.09
    loss = nn.loss_and_grads(history.at(300), X, Y)[0]
    assert loss == history.losses[-1]


def test_training_is_seeded():
    a = nn.train(X, Y, hidden=4, lr=0.1, steps=20, seed=3)
    b = nn.train(X, Y, hidden=4, lr=0.1, steps=20, seed=3)
    assert a.losses == b.losses


def test_too_large_a_learning_rate_stops_and_says_diverged():
    history = nn.train(X, Y, hidden=32, lr=0.5, steps=300)
    assert history.diverged
    assert len(history.losses) == len(history.params) < 300
    assert all(np.isfinite(history.losses))


@pytest.mark.parametrize("call, error, words", [
    (lambda: nn.init(0), ValueError, "hidden must be from 1"),
    (lambda: nn.init(2.5), TypeError, "hidden must be a whole number"),
    (lambda: nn.train(X, Y, 4, lr=0.0, steps=3), ValueError, "lr must be"),
    (lambda: nn.train(X, Y, 4, lr=0.1, steps=-1), ValueError, "steps"),
    (lambda: nn.predict(nn.init(2), [[1, 2]]), ValueError, "x must be"),
    (lambda: nn.loss_and_grads(nn.init(2), [1.0, np.nan], [1, 2]),
     ValueError, "x must be finite"),
    (lambda: nn.train([1, 2, 3], [1, 2], 4, 0.1, 3), ValueError,
     "same length"),
])
def test_bad_input_gets_a_clear_error(call, error, words):
    with pytest.raises(error, match=words):
        call()
