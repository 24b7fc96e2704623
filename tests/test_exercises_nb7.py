"""Notebook 7's check accepts the solution and names each mistake."""
import math

from bplab.nb7 import exercises as nb7
from solutions import nb7 as solution

MODEL = solution.MODEL


def r(x, y, a, w, c):
    return a * math.tanh(w * x) + c - y


def local(x, a, w):
    """dy_hat/dw = a · (1 - tanh(w*x)**2) · x."""
    return a * (1 - math.tanh(w * x) ** 2) * x


def test_the_solution_passes():
    verdict = nb7.check_gradient(MODEL, "w", solution.grad_w)
    assert verdict.passed, verdict.message
    assert "all 4 test inputs" in verdict.message


def test_a_model_of_your_own_is_checked_too():
    def grad_b(x, y, w, b):
        return 2 * (w * math.sin(x) + b - y)
    assert nb7.check_gradient("w*sin(x) + b", "b", grad_b).passed


def test_unanswered_says_so():
    verdict = nb7.check_gradient(MODEL, "w", lambda **p: ...)
    assert not verdict.passed and verdict.mistake == "not answered"


def mistake(answer):
    return nb7.check_gradient(MODEL, "w", answer).mistake


def test_each_likely_mistake_is_named():
    assert mistake(lambda x, y, a, w, c: r(x, y, a, w, c) * local(
        x, a, w)).startswith("missing factor 2")
    assert mistake(lambda x, y, a, w, c: -2 * r(x, y, a, w, c) * local(
        x, a, w)).startswith("wrong sign of r")
    assert mistake(lambda x, y, a, w, c: local(x, a, w)).startswith(
        "only dy_hat/dw")
    assert mistake(lambda x, y, a, w, c: 2 * r(x, y, a, w, c)).startswith(
        "stopped at dloss/dy_hat")
    assert mistake(lambda x, y, a, w, c: 2 * (r(x, y, a, w, c) + y) * local(
        x, a, w)).startswith("y_hat where r belongs")


def test_an_unnamed_mistake_still_shows_the_numbers():
    verdict = nb7.check_gradient(MODEL, "w", lambda x, y, a, w, c: 1.0)
    assert not verdict.passed and verdict.mistake is None
    assert "the right one is" in verdict.message


def test_bad_models_and_parameters_are_named():
    assert "does not parse" in nb7.check_gradient(
        "w*x +", "w", solution.grad_w).message
    assert "'q' is not a parameter" in nb7.check_gradient(
        MODEL, "q", solution.grad_w).message


def test_points_skip_where_the_model_is_undefined():
    from bplab import Model
    points = nb7.points(Model("log(w*x)"))
    assert points and all(p["w"] * p["x"] > 0 for p in points)
