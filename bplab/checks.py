"""The one checking loop that every exercise shares."""
import os
from dataclasses import dataclass

import numpy as np

from .i18n import _
from .results import fmt


@dataclass(frozen=True)
class Verdict:
    """What a check found: passed or not, the message, the named mistake."""
    passed: bool
    message: str
    mistake: str = None

    def __repr__(self):
        return self.message

    def _repr_pretty_(self, printer, cycle):
        printer.text(self.message)


def check(answer, expected, cases, mistakes=(), rtol=1e-9):
    """Run `answer` on each case (a dict of keyword arguments).

    expected: the right function; mistakes: (description, wrong function)
    pairs, tried in order when the answer is wrong. Under nbgrader a
    wrong answer raises instead (see graded).
    """
    return graded(_verdict(answer, expected, cases, mistakes, rtol))


def graded(verdict):
    """The verdict; while nbgrader runs the notebook (it sets
    NBGRADER_EXECUTION), a wrong one raises AssertionError with the
    same message, so its test cell scores 0 and the feedback names the
    mistake."""
    if os.environ.get("NBGRADER_EXECUTION") and not verdict.passed:
        raise AssertionError(verdict.message)
    return verdict


def _verdict(answer, expected, cases, mistakes, rtol):
    if not callable(answer):
        return Verdict(False, _(
            "Not answered yet: expected a function, got {type}.").format(
                type=type(answer).__name__), "not answered")
    got = {}
    for number, case in enumerate(cases):
        try:
            got[number] = answer(**case)
        except Exception as error:  # the learner's code, whatever it does
            return Verdict(False, _(
                "✗ Your answer raised {error_type}: {error} (at {case})."
            ).format(error_type=type(error).__name__, error=error,
                     case=_show(case)), "raised")
        if got[number] is Ellipsis or got[number] is None:
            return Verdict(False, _(
                "Not answered yet: replace the ... with your answer and "
                "run the cell again."), "not answered")
    for number, case in enumerate(cases):
        want = expected(**case)
        if not _close(got[number], want, rtol):
            return _wrong(case, got[number], want, got, cases, mistakes,
                          rtol)
    return Verdict(True, _("✓ Correct on all {n} test inputs.").format(
        n=len(cases)))


def _wrong(case, value, want, got, cases, mistakes, rtol):
    message = _("✗ Not yet: at {case} your answer gives {value}, the "
                "right one is {want}.").format(
        case=_show(case), value=_show_value(value), want=_show_value(want))
    for description, wrong in mistakes:
        if all(_close(got[n], wrong(**c), rtol)
               for n, c in enumerate(cases)):
            return Verdict(False, _("{message} Likely mistake: {mistake}")
                           .format(message=message, mistake=_(description)),
                           description)
    return Verdict(False, message)


def _close(a, b, rtol):
    try:
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and bool(
        np.allclose(a, b, rtol=rtol, atol=1e-12))


def _show(case):
    return ", ".join(f"{k}={_show_value(v)}" for k, v in case.items())


def _show_value(value):
    try:
        return fmt(np.asarray(value, dtype=float), 4) if np.ndim(value) \
            else fmt(float(value), 4)
    except (TypeError, ValueError):
        return repr(value)[:40]
