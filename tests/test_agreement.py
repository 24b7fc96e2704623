"""Manual, torch and numeric gradients agree, over wide input ranges.

Torch agrees with the formulas to 1e-12 everywhere; the numeric gradient
to 1e-6 wherever float64 rounding leaves it that accuracy (see
assert_numeric_matches).
"""
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bplab import (manual_backward, numeric_backward, rel_error,
                   torch_backward)

# Magnitudes from 1e-2 to 1e2, either sign, and exact zero.
number = st.one_of(
    st.just(0.0),
    st.builds(lambda s, m, e: s * m * 10.0**e, st.sampled_from([-1, 1]),
              st.floats(1.0, 9.99), st.integers(-2, 1)))
batch = st.integers(1, 8).flatmap(lambda n: st.tuples(
    st.lists(number, min_size=n, max_size=n),
    st.lists(number, min_size=n, max_size=n)))
checks = settings(max_examples=300, deadline=None)


@checks
@given(number, number, number, number, number)
def test_manual_and_torch_agree_to_1e12(x, y, w1, w2, b):
    assert rel_error(manual_backward(x, y, w1, w2, b),
                     torch_backward(x, y, w1, w2, b)) <= 1e-12


@checks
@given(batch, number, number, number)
def test_manual_and_torch_agree_on_batches(xy, w1, w2, b):
    x, y = xy
    assert rel_error(manual_backward(x, y, w1, w2, b),
                     torch_backward(x, y, w1, w2, b)) <= 1e-12


def assert_numeric_matches(x, y, w1, w2, b, h=1e-5):
    """rel_error <= 1e-6 wherever rounding allows it, which is almost
    everywhere; elsewhere the error stays within the rounding bound.

    Central differences of this quadratic loss have no truncation error;
    what is left is rounding: about eps * scale**2 / h on each gradient,
    where scale = |w1|x**2 + |w2||x| + |b| + |y| is the size of the terms
    that cancel in r = w1*x**2 + w2*x + b - y.
    """
    x, y = np.asarray(x), np.asarray(y)
    eps = np.finfo(float).eps
    scale = abs(w1) * x**2 + abs(w2) * np.abs(x) + abs(b) + np.abs(y)
    bound = 8 * eps * np.max((scale + h * (x**2 + np.abs(x) + 1)) ** 2) / h
    manual = manual_backward(x, y, w1, w2, b)
    numeric = numeric_backward(x, y, w1, w2, b, h=h)
    for name, g, n in zip(manual.asdict(), manual, numeric):
        for g_i, n_i in zip(np.ravel(g), np.ravel(n)):
            if bound <= 1e-7 * abs(g_i):
                assert rel_error(g_i, n_i) <= 1e-6, name
            else:  # a gradient so small that rounding dominates it
                assert abs(g_i - n_i) <= bound, name


@checks
@given(number, number, number, number, number)
def test_manual_and_numeric_agree_to_1e6(x, y, w1, w2, b):
    assert_numeric_matches(x, y, w1, w2, b)


@checks
@given(batch, number, number, number)
def test_manual_and_numeric_agree_on_batches(xy, w1, w2, b):
    assert_numeric_matches(*xy, w1, w2, b)


def test_the_rounding_bound_is_rarely_needed():
    """Over a grid of ordinary inputs, every gradient is checked by the
    1e-6 relative error, none falls back to the rounding bound."""
    grid = [-3.0, -0.5, 0.7, 2.0]
    for x in grid:
        for w1 in grid:
            for b in grid:
                manual = manual_backward(x, 0.3, w1, 1.5, b)
                numeric = numeric_backward(x, 0.3, w1, 1.5, b)
                assert rel_error(manual, numeric) <= 1e-6


def test_a_wrong_gradient_is_caught():
    """The check has teeth: dropping the factor 2 is flagged."""
    right = manual_backward(1.5, -0.5, 0.3, 2.0, -1.0)
    numeric = numeric_backward(1.5, -0.5, 0.3, 2.0, -1.0)
    wrong = type(right)(*(g / 2 for g in right))
    assert rel_error(right, numeric) < 1e-7
    assert rel_error(wrong, numeric) > 1e-2
