"""Notebook 2's checks accept the solutions and name each mistake."""
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest

from bplab.nb2 import exercises as nb2

SOLUTIONS = Path(__file__).resolve().parents[1] / "solutions" / "nb2.py"
solutions = SimpleNamespace(**runpy.run_path(str(SOLUTIONS)))


def test_the_solutions_pass():
    assert nb2.check_grad_w1(solutions.grad_w1).passed
    assert nb2.check_grads(solutions.grads).passed
    assert nb2.check_numeric_grad_w1(solutions.numeric_grad_w1).passed


def test_the_exact_gradient_passes_the_numeric_check_too():
    """Central differences are exact for a quadratic, up to rounding."""
    def exact(x, y, w1, w2, b, h):
        return solutions.grad_w1(x, y, w1, w2, b)
    assert nb2.check_numeric_grad_w1(exact).passed


@pytest.mark.parametrize("check, stub", [
    (nb2.check_grad_w1, lambda x, y, w1, w2, b: ...),
    (nb2.check_grads, lambda x, y, w1, w2, b: ...),
    (nb2.check_numeric_grad_w1, lambda x, y, w1, w2, b, h: ...)])
def test_stubs_are_not_answered_yet(check, stub):
    verdict = check(stub)
    assert not verdict.passed and verdict.mistake == "not answered"


def r_of(x, y, w1, w2, b):
    return w1 * x**2 + w2 * x + b - y


def with_r(f):
    return lambda x, y, w1, w2, b: f(r_of(x, y, w1, w2, b), x)


GRAD_W1 = {
    "missing factor 2": with_r(lambda r, x: r * x**2),
    "wrong sign of r": with_r(lambda r, x: 2 * (-r) * x**2),
    "x where x**2 belongs": with_r(lambda r, x: 2 * r * x),
    "stopped at dloss/dy_hat": with_r(lambda r, x: 2 * r),
    "only dy_hat/dw1": with_r(lambda r, x: x**2),
    "y_hat where r belongs": lambda x, y, w1, w2, b: 2 * (
        w1 * x**2 + w2 * x + b) * x**2,
}


GRADS = {
    "missing factor 2": with_r(lambda r, x: (r * x**2, r * x, r)),
    "wrong sign of r": with_r(lambda r, x: (-2 * r * x**2, -2 * r * x,
                                            -2 * r)),
    "x and x**2 swapped": with_r(lambda r, x: (2 * r * x, 2 * r * x**2,
                                               2 * r)),
    "x where x**2 belongs": with_r(lambda r, x: (2 * r * x, 2 * r * x,
                                                 2 * r)),
    "dloss/db times x": with_r(lambda r, x: (2 * r * x**2, 2 * r * x,
                                             2 * r * x)),
    "dloss/dw2 without its x": with_r(lambda r, x: (2 * r * x**2, 2 * r,
                                                    2 * r)),
}


def test_a_list_counts_as_well_as_a_tuple():
    assert nb2.check_grads(
        lambda **p: list(solutions.grads(**p))).passed


def loss(x, y, w1, w2, b):
    return r_of(x, y, w1, w2, b) ** 2


NUMERIC = {
    "divided by h, not 2h": lambda x, y, w1, w2, b, h: (
        loss(x, y, w1 + h, w2, b) - loss(x, y, w1 - h, w2, b)) / h,
    "a one-sided difference": lambda x, y, w1, w2, b, h: (
        loss(x, y, w1 + h, w2, b) - loss(x, y, w1, w2, b)) / h,
    "nudged w2 instead of w1": lambda x, y, w1, w2, b, h: (
        loss(x, y, w1, w2 + h, b) - loss(x, y, w1, w2 - h, b)) / (2 * h),
}


@pytest.mark.parametrize("check, name, wrong", [
    *((nb2.check_grad_w1, name, f) for name, f in GRAD_W1.items()),
    *((nb2.check_grads, name, f) for name, f in GRADS.items()),
    *((nb2.check_numeric_grad_w1, name, f) for name, f in NUMERIC.items())])
def test_each_mistake_is_named(check, name, wrong):
    verdict = check(wrong)
    assert not verdict.passed and verdict.mistake.startswith(name)


def test_an_error_in_the_answer_is_reported_not_raised():
    verdict = nb2.check_grads(lambda x, y, w1, w2, b: undefined_name)  # noqa
    assert verdict.mistake == "raised" and "NameError" in verdict.message
