"""Notebook 1's checks accept the solutions and name each mistake."""
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest

from bplab.nb1 import exercises as nb1

SOLUTIONS = Path(__file__).resolve().parents[1] / "solutions" / "nb1.py"
solutions = SimpleNamespace(**runpy.run_path(str(SOLUTIONS)))


def test_the_solutions_pass():
    assert nb1.check_y_hat(solutions.y_hat).passed
    assert nb1.check_loss(solutions.loss).passed
    verdict = nb1.check_b_for_zero_loss(solutions.b_for_zero_loss)
    assert verdict.passed and "loss = 0" in verdict.message


def test_an_int_answer_counts():
    assert nb1.check_b_for_zero_loss(-1).passed


@pytest.mark.parametrize("check, stub", [
    (nb1.check_y_hat, lambda x, w1, w2, b: ...),
    (nb1.check_loss, lambda x, y, w1, w2, b: ...),
    (nb1.check_b_for_zero_loss, ...)])
def test_stubs_are_not_answered_yet(check, stub):
    verdict = check(stub)
    assert not verdict.passed and verdict.mistake == "not answered"
    assert verdict.message.startswith("Not answered yet")


Y_HAT = {
    "w1 and w2 swapped": lambda x, w1, w2, b: w2 * x**2 + w1 * x + b,
    "x*2 where x**2": lambda x, w1, w2, b: w1 * x * 2 + w2 * x + b,
    "(w1*x)**2": lambda x, w1, w2, b: (w1 * x) ** 2 + w2 * x + b,
    "b is missing": lambda x, w1, w2, b: w1 * x**2 + w2 * x,
}


def r_of(x, y, w1, w2, b):
    return w1 * x**2 + w2 * x + b - y


LOSS = {
    "r is not squared": r_of,
    "abs(r)": lambda **p: abs(r_of(**p)),
    "r**2 / 2": lambda **p: r_of(**p) ** 2 / 2,
    "y_hat**2 - y": lambda x, y, w1, w2, b: (w1 * x**2 + w2 * x + b) ** 2
    - y,
}


@pytest.mark.parametrize("check, name, wrong", [
    *((nb1.check_y_hat, name, f) for name, f in Y_HAT.items()),
    *((nb1.check_loss, name, f) for name, f in LOSS.items())])
def test_each_mistake_is_named(check, name, wrong):
    verdict = check(wrong)
    assert not verdict.passed and verdict.mistake.startswith(name)


def test_y_minus_y_hat_squared_is_right_for_the_loss():
    """The sign of r does not matter once it is squared."""
    assert nb1.check_loss(
        lambda x, y, w1, w2, b: (y - (w1 * x**2 + w2 * x + b)) ** 2).passed


@pytest.mark.parametrize("answer, start", [
    (3, "that is r"), (5.0, "that is y_hat"), (1, "wrong sign")])
def test_b_mistakes_are_named(answer, start):
    verdict = nb1.check_b_for_zero_loss(answer)
    assert not verdict.passed and verdict.mistake.startswith(start)


def test_an_unknown_wrong_answer_shows_both_numbers():
    verdict = nb1.check_b_for_zero_loss(7)
    assert verdict.mistake is None
    assert "gives 7.0000, the right one is -1.0000" in verdict.message


def test_an_error_in_the_answer_is_reported_not_raised():
    verdict = nb1.check_loss(lambda x, y, w1, w2, b: x / 0)
    assert verdict.mistake == "raised"
    assert "ZeroDivisionError" in verdict.message
