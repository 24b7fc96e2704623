"""One judge for gradients: right, unsure or wrong, rounding included.

Over the sliders' whole grid (x, y, w1, w2, b from -5 to 5 in steps of
0.1), exact fits included, the truth is known exactly: in tenths, r is a
multiple of 0.001, so it is either exactly 0 or at least 0.001 in size.
The chain rule must always be called right, and a slip wrong wherever it
differs from the chain rule in exact arithmetic.
"""
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bplab
from bplab.nb2.exercises import SLIPS
from bplab.gradcheck import BAD, GOOD, judge, rel_error, worst
from bplab.numeric import gradient_check
from bplab.nb2.views import FORMULAS

TENTHS = st.integers(-50, 50)
NAMES = ("w1", "w2", "b")
RIGHT = lambda r, x: (2 * r * x**2, 2 * r * x, 2 * r)  # noqa: E731
ALL_SLIPS = [f for _, f in SLIPS] + [
    (lambda r, x, f=f: f(x, r)) for f in list(FORMULAS.values())[1:]]


def exact(k):
    """A grid value in tenths as an exact Fraction, and as the float."""
    return Fraction(k, 10), k / 10


def exact_fits(limit=400, seed=0):
    """Grid points with y = y_hat exactly (in tenths): r is 0."""
    rng = np.random.default_rng(seed)
    found = []
    while len(found) < limit:
        kx, k1, k2, kb = rng.integers(-50, 51, size=4)
        milli = k1 * kx**2 + 10 * k2 * kx + 100 * kb   # y_hat in 1/1000
        if milli % 100 == 0 and abs(milli // 100) <= 50:
            found.append((kx, milli // 100, k1, k2, kb))
    return found


def assert_judged_right(kx, ky, k1, k2, kb):
    (fx, x), (fy, y), (f1, w1), (f2, w2), (fb, b) = map(
        exact, (kx, ky, k1, k2, kb))
    r = f1 * fx**2 + f2 * fx + fb - fy        # exact, in the decimals
    truth = RIGHT(r, fx)
    check = gradient_check(x, y, w1, w2, b)
    assert check.verdict == "right", check
    for slip in ALL_SLIPS:
        got = slip(bplab.forward(x, y, w1, w2, b).r, x)
        judged = gradient_check(x, y, w1, w2, b, manual=got)
        for p, want, wrong, seen in zip(NAMES, truth, slip(r, fx), got):
            verdict = getattr(judged, p).verdict
            if wrong == want:
                assert verdict == "right", (p, judged)
            elif abs(wrong - want) > 2 * BAD * max(abs(wrong), abs(want)):
                assert verdict == "wrong", (p, judged)
            else:   # no named slip comes this close on the grid
                raise AssertionError(f"a slip within 2% of the truth: {p}")


@settings(max_examples=400, deadline=None)
@given(st.tuples(TENTHS, TENTHS, TENTHS, TENTHS, TENTHS))
def test_on_the_slider_grid_right_is_right_and_slips_are_wrong(ks):
    assert_judged_right(*ks)


@pytest.mark.parametrize("ks", exact_fits(150))
def test_at_exact_fits_too(ks):
    assert_judged_right(*ks)


def test_the_issues_exact_fit():
    """formula 0, numeric 0 and rel_error 1.0 was called wrong."""
    check = gradient_check(1.5, -3.9, -0.8, -2, 0.9)
    assert [getattr(check, p).verdict for p in NAMES] == ["right"] * 3
    assert check.verdict == "right"


# A slider value, to the 4 decimals a typed readout keeps
SLIDER = st.floats(-5, 5).map(lambda v: round(v, 4))


@settings(max_examples=300, deadline=None)
@given(SLIDER, SLIDER, SLIDER, SLIDER, SLIDER)
def test_numeric_agrees_within_1e6_over_the_slider_ranges(x, y, w1, w2, b):
    check = gradient_check(x, y, w1, w2, b)
    assert check.verdict == "right"
    for p in NAMES:
        a = getattr(check, p)
        if abs(a.manual) > 1e3 * sum(a.rounding):    # not zero up to rounding
            assert a.rel_error <= 1e-6, (p, a)


def test_the_result_has_the_fields_the_issue_names():
    check = bplab.gradient_check(1, 2, 1, 2, 2)
    assert check.w1.manual == 6.0
    assert check.w1.other == pytest.approx(6.0, rel=1e-9)
    assert check.w1.rel_error < GOOD and check.w1.verdict == "right"
    assert set(check.h) == set(NAMES)


def test_far_from_the_sliders_numeric_still_resolves():
    """h=1e-5 gave dloss/db = 0.0 here; the truth is about -9.85e11."""
    point = (470651.77, 0.0, -2.0, 1.0, 3.0)
    manual = bplab.manual_backward(*point)
    numeric = bplab.numeric_backward(*point)
    assert rel_error(manual.b, numeric.b) < 1e-6
    assert bplab.gradient_check(*point).verdict == "right"
    assert bplab.gradient_check(7e-9, 1.0, 1.0, 1.0, 1.0).verdict == "right"


@pytest.mark.parametrize("h", [5e-324, 1e-300, 1e-30])
def test_an_h_that_resolves_nothing_is_an_error_naming_it(h):
    with pytest.raises(ValueError, match=r"h=\S+ is too small"):
        bplab.numeric_backward(1.3, 2, 1, 2, 2, h=h)
    with pytest.raises(ValueError, match=r"h=\S+ is too small"):
        bplab.gradient_check(1.3, 2, 1, 2, 2, h=h)


def test_a_tiny_h_that_resolves_a_little_is_unsure_not_wrong():
    check = bplab.gradient_check(1.3, 2, 1, 2, 2, h=1e-13)
    assert check.verdict == "unsure"
    assert all(getattr(check, p).rel_error > GOOD for p in NAMES)


@settings(max_examples=200, deadline=None)
@given(st.floats(-5, 5), st.floats(-5, 5), st.floats(-5, 5),
       st.floats(-5, 5), st.floats(-5, 5), st.integers(-12, 0))
def test_the_learners_h_never_calls_the_chain_rule_wrong(
        x, y, w1, w2, b, power):
    try:
        check = bplab.gradient_check(x, y, w1, w2, b, h=10.0**power)
    except ValueError as error:
        assert "too small" in str(error)
        return
    assert check.verdict != "wrong"


@settings(max_examples=200, deadline=None)
@given(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.floats(-1e3, 1e3),
       st.floats(-1e3, 1e3), st.floats(-1e6, 1e6))
def test_extremes_are_right_or_unsure_never_wrong(x, y, w1, w2, b):
    try:
        check = bplab.gradient_check(x, y, w1, w2, b)
    except ValueError as error:
        assert "overflows" in str(error)
        return
    assert check.verdict != "wrong"


# judge() itself, on numbers

@pytest.mark.parametrize("a, b, rounding, verdict", [
    (6.0, 6.0, 0.0, "right"), (6.0, 6.0 + 6e-10, 0.0, "right"),
    (6.0, 6.01, 0.0, "unsure"), (6.0, 12.0, 0.0, "wrong"),
    (6.0, -6.0, 0.0, "wrong"), (0.0, 0.0, 0.0, "right"),
    (0.0, 1e-16, 1e-13, "right"), (0.0, 1e-16, 0.0, "wrong"),
    (14.5, 14.52, 2.7, "unsure"),
    (1e-12, -1e-12, 1e-13, "wrong"), (6.0, 6.5, 1.0, "unsure"),
    (6.0, 60.0, 1.0, "wrong"), (6.0, 6.0 + 1e-4, 1e-4, "right")])
def test_judge(a, b, rounding, verdict):
    assert judge(a, b, rounding) == verdict
    assert judge(b, a, rounding) == verdict


def test_a_gradient_beyond_its_own_rounding_is_not_zero():
    """numeric's rounding may be huge (a tiny h); manual's is not."""
    assert judge(14.5, 13.0, 1e-13, 20.0) == "unsure"
    assert judge(1e-14, 0.0, 1e-13, 20.0) == "right"


def test_judge_on_arrays_is_the_worst_element():
    assert judge([1.0, 2.0], [1.0, 2.0]) == "right"
    assert judge([1.0, 2.0], [1.0, 2.01]) == "unsure"
    assert judge([1.0, 2.0], [1.0, 4.0]) == "wrong"
    assert worst(["right", "unsure", "right"]) == "unsure"


@settings(max_examples=300, deadline=None)
@given(st.floats(-1e300, 1e300), st.floats(-1e300, 1e300),
       st.floats(0, 1e300))
def test_judge_agrees_with_its_documented_rule(a, b, u):
    d, m = abs(a - b), max(abs(a), abs(b))
    verdict = judge(a, b, u)             # ua = ub = u
    zero = abs(a) <= u and abs(b) <= u
    if zero or (d <= GOOD * m + 2 * u and 2 * u <= BAD * m):
        assert verdict == "right"
    elif d > BAD * m + 2 * u:
        assert verdict == "wrong"
    else:
        assert verdict == "unsure"


@pytest.mark.parametrize("bad, error", [
    ("1", TypeError), (True, TypeError), (np.nan, ValueError),
    (1j, TypeError), (np.datetime64("2020"), TypeError)])
def test_judge_names_a_bad_argument(bad, error):
    with pytest.raises(error, match="^a "):
        judge(bad, 1.0)


def test_rel_error_never_returns_inf():
    assert rel_error(1.79e308, -1e292) == pytest.approx(1.0)
    assert rel_error(1.7e308, -1.7e308) == 2.0
    with pytest.raises(ValueError, match="at least one number"):
        rel_error([], [])


def test_the_readme_states_the_rule_with_these_thresholds():
    from pathlib import Path
    text = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    assert "bplab.gradient_check(1, 2, 1, 2, 2)" in text
    assert f"GOOD = {GOOD:.0e}".replace("e-0", "e-") in text
    assert f"BAD = {BAD:.0e}".replace("e-0", "e-") in text
    check = bplab.gradient_check(1, 2, 1, 2, 2)
    assert check.w1.verdict == check.verdict == "right"


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 30), st.sampled_from([None, 1e-3, 1e-6]),
       st.tuples(TENTHS, TENTHS, TENTHS))
def test_batches_are_judged_by_the_same_rule(n, h, ks):
    """On notebook 4's data, at grid weights and at the best fit."""
    from bplab.descent import best_fit, make_data
    x, y = make_data(n)
    for w in ([k / 10 for k in ks], list(best_fit(x, y).values())):
        check = gradient_check(x, y, *w, h=h)
        assert check.verdict == "right", check
        manual = bplab.manual_backward(x, y, *w)
        half = (manual.w1 / 2, manual.w2 / 2, manual.b / 2)
        slipped = gradient_check(x, y, *w, h=h, manual=half)
        for p in NAMES:
            a = getattr(check, p)
            if abs(a.manual) > 1e3 * sum(a.rounding):
                assert getattr(slipped, p).verdict == "wrong"
