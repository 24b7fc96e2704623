"""Notebook 5's checks accept the solutions and name each mistake."""
import runpy
import math
from pathlib import Path
from types import SimpleNamespace

import pytest

from bplab.engine import Value
from bplab.nb5 import exercises as nb5

SOLUTIONS = Path(__file__).resolve().parents[1] / "solutions" / "nb5.py"
solutions = SimpleNamespace(**runpy.run_path(str(SOLUTIONS)))


def test_the_solutions_pass():
    assert nb5.check_tanh_backward(solutions.tanh_backward).passed
    assert nb5.check_grad_x(solutions.grad_x).passed
    assert nb5.check_train(solutions.train).passed


@pytest.mark.parametrize("check", [nb5.check_tanh_backward,
                                   nb5.check_grad_x, nb5.check_train])
def test_stubs_are_not_answered_yet(check):
    def stub(*args, **kwargs):
        return ...
    verdict = check(stub)
    assert not verdict.passed and verdict.mistake == "not answered"
    assert check(...).mistake == "not answered"


def test_an_error_in_the_answer_is_reported_not_raised():
    def broken(x, y, w1, w2, b):
        return x / 0
    verdict = nb5.check_grad_x(broken)
    assert verdict.mistake == "raised" and "ZeroDivisionError" in \
        verdict.message


def r_of(x, y, w1, w2, b):
    return w1 * x**2 + w2 * x + b - y


TANH = {
    "out_grad is missing": lambda a, out_grad: 1 - math.tanh(a) ** 2,
    "1 - a**2 where": lambda a, out_grad: (1 - a * a) * out_grad,
    "the square is missing": lambda a, out_grad: (1 - math.tanh(a))
    * out_grad,
    "the sign is flipped": lambda a, out_grad: -(1 - math.tanh(a) ** 2)
    * out_grad,
}
GRAD_X = {
    "only the path through x**2": lambda x, y, w1, w2, b:
        2 * r_of(x, y, w1, w2, b) * w1 * 2 * x,
    "only the path through w2*x": lambda x, y, w1, w2, b:
        2 * r_of(x, y, w1, w2, b) * w2,
    "missing factor 2: dloss/dr": lambda x, y, w1, w2, b:
        r_of(x, y, w1, w2, b) * (2 * w1 * x + w2),
    "missing factor 2 in d(x**2)/dx": lambda x, y, w1, w2, b:
        2 * r_of(x, y, w1, w2, b) * (w1 * x + w2),
    "wrong sign of r": lambda x, y, w1, w2, b:
        2 * (y - w1 * x**2 - w2 * x - b) * (2 * w1 * x + w2),
}


@pytest.mark.parametrize("words", TANH)
def test_tanh_mistakes_are_named(words):
    verdict = nb5.check_tanh_backward(TANH[words])
    assert not verdict.passed and verdict.mistake.startswith(words)
    assert words in verdict.message


@pytest.mark.parametrize("words", GRAD_X)
def test_grad_x_mistakes_are_named(words):
    verdict = nb5.check_grad_x(GRAD_X[words])
    assert not verdict.passed and verdict.mistake.startswith(words)


def train_with(zero=True, sign=-1, extra=0):
    """A learner's loop with our engine, with one switch per mistake."""
    def train(x, y, w1, w2, b, lr, steps):
        w1, w2, b = Value(w1), Value(w2), Value(b)
        for _ in range(steps + extra):
            loss = (w1 * x**2 + w2 * x + b - y) ** 2
            if zero:
                for w in (w1, w2, b):
                    w.zero_grad()
            loss.backward()
            for w in (w1, w2, b):
                w.data += sign * lr * w.grad
        return w1, w2, b     # Values are fine too
    return train


@pytest.mark.parametrize("words, train", [
    ("gradients not zeroed", train_with(zero=False)),
    ("the step went uphill", train_with(sign=1)),
    ("one step too few or too many", train_with(extra=-1)),
])
def test_training_mistakes_are_named(words, train):
    verdict = nb5.check_train(train)
    assert not verdict.passed and verdict.mistake.startswith(words)


def test_a_wrong_answer_without_a_known_mistake_says_not_yet():
    verdict = nb5.check_grad_x(lambda x, y, w1, w2, b: 1.0)
    assert not verdict.passed and verdict.mistake is None
    assert verdict.message.startswith("✗ Not yet")
