"""The shared checking loop: right answers pass, wrong ones are shown
with the likely mistake named, stubs are 'not answered', nothing raises."""
import math

import numpy as np
import pytest
from IPython.lib.pretty import pretty

from bplab.checks import Verdict, check

CASES = [dict(a=1.0, b=2.0), dict(a=-3.0, b=0.5), dict(a=2.5, b=-4.0)]


def right(a, b):
    return a * b**2


MISTAKES = [("b not squared", lambda a, b: a * b),
            ("a squared instead", lambda a, b: a**2 * b)]


def test_a_right_answer_passes_on_every_case():
    verdict = check(lambda a, b: a * b * b, right, CASES, MISTAKES)
    assert verdict == Verdict(True, "✓ Correct on all 3 test inputs.")


def test_a_wrong_answer_shows_the_case_and_both_numbers():
    verdict = check(lambda a, b: a * b**2 + 1, right, CASES, MISTAKES)
    assert not verdict.passed and verdict.mistake is None
    assert verdict.message == (
        "✗ Not yet: at a=1.0000, b=2.0000 your answer gives 5.0000, the "
        "right one is 4.0000.")


@pytest.mark.parametrize("description, wrong", MISTAKES)
def test_the_likely_mistake_is_named(description, wrong):
    verdict = check(wrong, right, CASES, MISTAKES)
    assert verdict.mistake == description
    assert verdict.message.endswith(f"Likely mistake: {description}")


def test_a_mistake_is_named_only_if_it_fits_every_case():
    def half_wrong(a, b):          # right except on the second case
        return a * b if a < 0 else right(a, b)
    verdict = check(half_wrong, right, CASES, MISTAKES)
    assert not verdict.passed and verdict.mistake is None
    assert "at a=-3.0000, b=0.5000" in verdict.message


def test_the_first_fitting_mistake_wins():
    twice = [("first", lambda a, b: 0.0), ("second", lambda a, b: 0.0)]
    assert check(lambda a, b: 0.0, right, CASES, twice).mistake == "first"


@pytest.mark.parametrize("stub", [..., None, 3.0, "def f(): ..."])
def test_no_function_is_not_answered(stub):
    verdict = check(stub, right, CASES, MISTAKES)
    assert not verdict.passed and verdict.mistake == "not answered"
    assert verdict.message.startswith("Not answered yet")


@pytest.mark.parametrize("result", [..., None])
def test_a_stub_that_returns_nothing_is_not_answered(result):
    verdict = check(lambda a, b: result, right, CASES, MISTAKES)
    assert verdict.mistake == "not answered"
    assert "replace the ..." in verdict.message


@pytest.mark.parametrize("answer, error", [
    (lambda a, b: a / 0, "ZeroDivisionError"),
    (lambda a: a, "TypeError"),               # wrong arguments
    (lambda a, b: [][1], "IndexError"),
    (lambda a, b: math.sqrt(-1), "ValueError"),
])
def test_an_answer_that_raises_is_reported_not_raised(answer, error):
    verdict = check(answer, right, CASES, MISTAKES)
    assert not verdict.passed and verdict.mistake == "raised"
    assert error in verdict.message and "(at a=1.0000, b=2.0000)" in \
        verdict.message


@pytest.mark.parametrize("value", [
    "4", float("nan"), float("inf"), (4.0, 4.0), np.array([4.0, 4.0]),
    object(), {"a": 1}, [], 1j])
def test_odd_return_values_are_wrong_not_errors(value):
    verdict = check(lambda a, b: value, right, CASES, MISTAKES)
    assert not verdict.passed and verdict.mistake is None
    assert verdict.message.startswith("✗ Not yet")


def test_arrays_and_tuples_compare_by_value():
    def pair(a, b):
        return a, b
    assert check(lambda a, b: np.array([a, b]), pair, CASES).passed
    assert check(lambda a, b: [a, b], pair, CASES).passed
    assert not check(lambda a, b: (b, a), pair, CASES).passed


def test_rtol_is_how_close_is_close_enough():
    def nearly(a, b):
        return right(a, b) * (1 + 1e-6)
    assert not check(nearly, right, CASES).passed
    assert check(nearly, right, CASES, rtol=1e-5).passed


def test_a_verdict_shows_as_its_message():
    verdict = check(lambda a, b: 0.0, right, CASES, MISTAKES)
    assert repr(verdict) == verdict.message == pretty(verdict)
