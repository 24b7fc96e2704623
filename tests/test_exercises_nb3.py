"""Notebook 3's checks accept the solutions and name each mistake, when
the mistake is made for real with torch."""
import torch

from bplab.nb3 import exercises as nb3
from solutions import nb3 as solution


def tensors(*values):
    return [torch.tensor(v, dtype=torch.float64, requires_grad=True)
            for v in values]


def test_solutions_pass():
    assert nb3.check_torch_grads(solution.torch_grads).passed
    assert nb3.check_grads_at_points(solution.grads_at_points).passed


def test_unanswered_stubs_say_so():
    for check in (nb3.check_torch_grads, nb3.check_grads_at_points):
        verdict = check(lambda **kwargs: ...)
        assert not verdict.passed
        assert verdict.message.startswith("Not answered yet")


def backward_twice(x, y, w1, w2, b):
    w1, w2, b = tensors(w1, w2, b)
    for _ in range(2):
        loss = (w1 * x**2 + w2 * x + b - y) ** 2
        loss.backward()
    return w1.grad.item(), w2.grad.item(), b.grad.item()


def loss_not_squared(x, y, w1, w2, b):
    w1, w2, b = tensors(w1, w2, b)
    (w1 * x**2 + w2 * x + b - y).backward()
    return w1.grad.item(), w2.grad.item(), b.grad.item()


def loss_halved(x, y, w1, w2, b):
    w1, w2, b = tensors(w1, w2, b)
    ((w1 * x**2 + w2 * x + b - y) ** 2 / 2).backward()
    return w1.grad.item(), w2.grad.item(), b.grad.item()


def parameters_returned(x, y, w1, w2, b):
    w1, w2, b = tensors(w1, w2, b)
    ((w1 * x**2 + w2 * x + b - y) ** 2).backward()
    return w1.item(), w2.item(), b.item()


def x_for_x_squared(x, y, w1, w2, b):
    r = w1 * x**2 + w2 * x + b - y
    return 2 * r * x, 2 * r * x, 2 * r


def test_torch_grads_mistakes_are_named():
    for answer, words in [(backward_twice, "not zeroed"),
                          (loss_not_squared, "loss = r instead"),
                          (loss_halved, "halves"),
                          (parameters_returned, "not w1.grad"),
                          (x_for_x_squared, "x where x**2")]:
        verdict = nb3.check_torch_grads(answer)
        assert not verdict.passed
        assert verdict.mistake and words in verdict.mistake, answer


def not_zeroed(points):
    w1, w2, b = tensors(1.0, 2.0, 2.0)
    grads = []
    for x, y in points:
        ((w1 * x**2 + w2 * x + b - y) ** 2).backward()
        grads.append((w1.grad.item(), w2.grad.item(), b.grad.item()))
    return grads


def stored_tensors(zero_first):
    def answer(points):
        w1, w2, b = tensors(1.0, 2.0, 2.0)
        grads = []
        for x, y in points:
            if zero_first and w1.grad is not None:
                for t in (w1, w2, b):
                    t.grad.zero_()
            ((w1 * x**2 + w2 * x + b - y) ** 2).backward()
            grads.append((w1.grad, w2.grad, b.grad))
            if not zero_first:
                for t in (w1, w2, b):
                    t.grad.zero_()
        return grads
    return answer


def test_grads_at_points_mistakes_are_named():
    verdict = nb3.check_grads_at_points(not_zeroed)
    assert not verdict.passed and "not zeroed" in verdict.mistake
    for zero_first in (True, False):
        verdict = nb3.check_grads_at_points(stored_tensors(zero_first))
        assert not verdict.passed
        assert "stored the .grad tensors" in verdict.mistake, zero_first


def test_an_unknown_mistake_still_gets_a_clear_message():
    verdict = nb3.check_torch_grads(lambda x, y, w1, w2, b: (1.0, 2.0, 3.0))
    assert not verdict.passed and verdict.mistake is None
    assert "the right one is" in verdict.message
