"""Checks for notebook 5's exercises: our own autograd engine."""
import math

from ..checks import check
from ..engine import Value
from ..i18n import N_
from ..model import manual_backward

POINTS = [dict(x=1.0, y=2.0, w1=1.0, w2=2.0, b=2.0),
          dict(x=-1.5, y=0.25, w1=0.5, w2=-2.0, b=3.0),
          dict(x=0.7, y=-1.0, w1=-2.0, w2=0.5, b=1.5)]


def _r(x, y, w1, w2, b):
    return w1 * x**2 + w2 * x + b - y


# Exercise 1: the gradient tanh sends back to its input.

def _tanh_backward(a, out_grad):
    return (1 - math.tanh(a) ** 2) * out_grad


TANH_CASES = [dict(a=0.5, out_grad=1.0), dict(a=-1.2, out_grad=3.0),
              dict(a=2.0, out_grad=-0.5)]
TANH_MISTAKES = [
    (N_("out_grad is missing: the chain rule multiplies the local "
        "derivative by the gradient arriving from above."),
     lambda a, out_grad: 1 - math.tanh(a) ** 2),
    (N_("1 - a**2 where 1 - tanh(a)**2 belongs: the derivative is in terms "
        "of tanh's output t, 1 - t**2."),
     lambda a, out_grad: (1 - a**2) * out_grad),
    (N_("the square is missing: d tanh(a)/da = 1 - tanh(a)**2."),
     lambda a, out_grad: (1 - math.tanh(a)) * out_grad),
    (N_("the sign is flipped: 1 - tanh(a)**2, not tanh(a)**2 - 1."),
     lambda a, out_grad: (math.tanh(a) ** 2 - 1) * out_grad),
]


def check_tanh_backward(tanh_backward):
    """tanh_backward(a, out_grad): what a = tanh's input receives."""
    return check(tanh_backward, _tanh_backward, TANH_CASES, TANH_MISTAKES)


# Exercise 2: x is used twice, so its gradient is a sum.

def _grad_x(x, y, w1, w2, b):
    return 2 * _r(x, y, w1, w2, b) * (2 * w1 * x + w2)


GRAD_X_MISTAKES = [
    (N_("only the path through x**2: x also feeds w2*x, and the two "
        "contributions add up (+=)."),
     lambda x, y, w1, w2, b: 2 * _r(x, y, w1, w2, b) * 2 * w1 * x),
    (N_("only the path through w2*x: x also feeds x**2, and the two "
        "contributions add up (+=)."),
     lambda x, y, w1, w2, b: 2 * _r(x, y, w1, w2, b) * w2),
    (N_("missing factor 2: dloss/dr = 2r for loss = r**2."),
     lambda x, y, w1, w2, b: _r(x, y, w1, w2, b) * (2 * w1 * x + w2)),
    (N_("missing factor 2 in d(x**2)/dx = 2x."),
     lambda x, y, w1, w2, b: 2 * _r(x, y, w1, w2, b) * (w1 * x + w2)),
    (N_("wrong sign of r: r = y_hat - y, not y - y_hat."),
     lambda x, y, w1, w2, b: -_grad_x(x, y, w1, w2, b)),
]


def check_grad_x(grad_x):
    """grad_x(x, y, w1, w2, b): dloss/dx at one data point."""
    return check(grad_x, _grad_x, POINTS, GRAD_X_MISTAKES)


# Exercise 3: a training loop with our engine.

def _descent(x, y, w1, w2, b, lr, steps, zero=True, sign=-1):
    """Gradient descent by manual_backward; the mistakes as switches."""
    total = [0.0, 0.0, 0.0]
    for _ in range(steps):
        g = manual_backward(x, y, w1, w2, b)
        total = [(t if not zero else 0.0) + d
                 for t, d in zip(total, (g.w1, g.w2, g.b))]
        w1, w2, b = (v + sign * lr * d for v, d in zip((w1, w2, b), total))
    return w1, w2, b


TRAIN_CASES = [dict(p, lr=lr, steps=steps) for p, lr, steps in
               zip(POINTS, [0.05, 0.02, 0.1], [3, 4, 2])]
TRAIN_MISTAKES = [
    (N_("gradients not zeroed: each backward() adds to .grad, so every "
        "step used the sum of all the gradients so far. Set .grad = None "
        "(zero_grad()) before each backward()."),
     lambda **c: _descent(**c, zero=False)),
    (N_("the step went uphill: w1 = w1 - lr * grad, with a minus."),
     lambda **c: _descent(**c, sign=1)),
    (N_("one step too few or too many: run exactly `steps` updates."),
     lambda **c: _descent(**dict(c, steps=c["steps"] - 1))),
]


def _numbers(train):
    """The learner's train, with any Values it returns as floats."""
    if not callable(train):
        return train

    def numbers(**case):
        out = train(**case)
        if isinstance(out, (tuple, list)):
            return tuple(v.data if isinstance(v, Value) else v for v in out)
        return out
    return numbers


def check_train(train):
    """train(x, y, w1, w2, b, lr, steps) -> (w1, w2, b) after training."""
    return check(_numbers(train), _descent, TRAIN_CASES, TRAIN_MISTAKES)
