"""Notebook 4's checks accept the solutions and name each mistake, made
for real in numpy or torch."""
import numpy as np
import torch

from bplab.nb4 import exercises as nb4
from solutions import nb4 as solution


def residual(x, y, w1, w2, b):
    x, y = np.asarray(x), np.asarray(y)
    return w1 * x**2 + w2 * x + b - y


def test_solutions_pass():
    assert nb4.check_batch_loss(solution.batch_loss).passed
    assert nb4.check_gd_step(solution.gd_step).passed
    assert nb4.check_sgd_run(solution.sgd_run).passed


def test_unanswered_stubs_say_so():
    for check in (nb4.check_batch_loss, nb4.check_gd_step,
                  nb4.check_sgd_run):
        verdict = check(lambda **kwargs: ...)
        assert verdict.message.startswith("Not answered yet")


def test_batch_loss_mistakes_are_named():
    for answer, words in [
            (lambda **c: np.sum(residual(**c) ** 2), "batch mean forgotten"),
            (lambda **c: np.mean(residual(**c)), "r not squared"),
            (lambda **c: np.mean(residual(**c)) ** 2, "squared the mean")]:
        verdict = nb4.check_batch_loss(answer)
        assert not verdict.passed and words in verdict.mistake


def step_with(sign=-1, total=False, use_lr=True, factor=2):
    def answer(x, y, w1, w2, b, lr):
        r, x = residual(x, y, w1, w2, b), np.asarray(x)
        reduce = np.sum if total else np.mean
        grads = [reduce(factor * r * f) for f in (x**2, x, 1.0)]
        rate = lr if use_lr else 1.0
        return tuple(w + sign * rate * g for w, g in zip((w1, w2, b), grads))
    return answer


def test_gd_step_mistakes_are_named():
    assert nb4.check_gd_step(step_with()).passed
    for answer, words in [(step_with(sign=1), "wrong sign"),
                          (step_with(total=True), "batch mean forgotten"),
                          (step_with(use_lr=False), "lr left out"),
                          (step_with(factor=1), "factor 2 missing")]:
        verdict = nb4.check_gd_step(answer)
        assert not verdict.passed and words in verdict.mistake


def sgd_with(zero_grad=True, extra=0):
    def answer(x, y, w1, w2, b, lr, steps):
        x, y = (torch.tensor(v, dtype=torch.float64) for v in (x, y))
        params = [torch.tensor(v, dtype=torch.float64, requires_grad=True)
                  for v in (w1, w2, b)]
        optimizer = torch.optim.SGD(params, lr=lr)
        for _ in range(max(steps + extra, 0)):
            w1, w2, b = params
            loss = ((w1 * x**2 + w2 * x + b - y) ** 2).mean()
            if zero_grad:
                optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        return tuple(p.item() for p in params)
    return answer


def test_sgd_run_mistakes_are_named():
    assert nb4.check_sgd_run(sgd_with()).passed
    for answer, words in [(sgd_with(zero_grad=False), "zero_grad"),
                          (sgd_with(extra=1), "one step too many"),
                          (sgd_with(extra=-1), "one step too few")]:
        verdict = nb4.check_sgd_run(answer)
        assert not verdict.passed and words in verdict.mistake


def test_run_cases_stay_below_the_stable_lr():
    from bplab import descent
    for case in nb4.RUN_CASES:
        assert case["lr"] < descent.stable_lr(case["x"])
