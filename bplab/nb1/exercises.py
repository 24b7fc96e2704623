"""Checks for notebook 1's exercises: the forward pass by hand."""
from ..checks import Verdict, check
from ..i18n import N_, _
from ..model import forward

POINTS = [dict(x=1.0, y=2.0, w1=1.0, w2=2.0, b=2.0),
          dict(x=2.0, y=9.0, w1=0.5, w2=-1.5, b=1.0),
          dict(x=-1.5, y=-3.0, w1=-2.0, w2=0.5, b=-0.5)]
SEED = dict(x=1.0, y=2.0, w1=1.0, w2=2.0)


def _y_hat(x, w1, w2, b, **_):
    return forward(x, 0.0, w1, w2, b).y_hat


def _r(x, y, w1, w2, b):
    return forward(x, y, w1, w2, b).r


def check_y_hat(answer):
    """answer(x, w1, w2, b) -> y_hat = w1*x**2 + w2*x + b."""
    cases = [{k: p[k] for k in ("x", "w1", "w2", "b")} for p in POINTS]
    return check(answer, _y_hat, cases, [
        (N_("w1 and w2 swapped: w1 goes with x**2, w2 with x"),
         lambda x, w1, w2, b: w2 * x**2 + w1 * x + b),
        (N_("x*2 where x**2 belongs: ** is the power, * multiplies"),
         lambda x, w1, w2, b: w1 * x * 2 + w2 * x + b),
        (N_("(w1*x)**2 squares w1 too: only x is squared"),
         lambda x, w1, w2, b: (w1 * x) ** 2 + w2 * x + b),
        (N_("b is missing"), lambda x, w1, w2, b: w1 * x**2 + w2 * x),
    ])


def check_loss(answer):
    """answer(x, y, w1, w2, b) -> loss = r**2 with r = y_hat - y."""
    return check(answer, lambda **p: forward(**p).loss, POINTS, [
        (N_("r is not squared: loss = r**2"), _r),
        (N_("abs(r) is not the loss here: loss = r**2"),
         lambda **p: abs(_r(**p))),
        (N_("r**2 / 2 is another convention; this course's loss is r**2"),
         lambda **p: _r(**p) ** 2 / 2),
        (N_("y_hat**2 - y: square the residual r = y_hat - y, not y_hat"),
         lambda x, y, w1, w2, b: _y_hat(x, w1, w2, b) ** 2 - y),
    ])


def check_b_for_zero_loss(answer):
    """answer: the b that makes loss 0 at x=1, y=2, w1=1, w2=2 (a number)."""
    def right(x, y, w1, w2):
        return y - _y_hat(x, w1, w2, 0.0)

    def at_seed_b(x, y, w1, w2):
        return forward(x, y, w1, w2, 2.0)

    verdict = check(lambda **_: answer, right, [SEED], [
        (N_("that is r at the seed, 3: b must move y_hat down by r, "
            "from 2 to 2 - 3"), lambda **p: at_seed_b(**p).r),
        (N_("that is y_hat at the seed, 5; we want y_hat = y = 2"),
         lambda **p: at_seed_b(**p).y_hat),
        (N_("wrong sign: with b = 1, y_hat = 1 + 2 + 1 = 4, not 2"),
         lambda **p: -right(**p)),
    ])
    if verdict.passed:
        return Verdict(True, _("✓ Correct: with b = -1, y_hat = 1 + 2 - 1 "
                               "= 2 = y, so r = 0 and loss = 0."))
    return verdict
