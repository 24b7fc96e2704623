"""Exercises that check themselves, one module per notebook (nb1 ... nb6).

Each check runs the learner's answer on several inputs, compares it with
the right answer, and when it is wrong names the likely mistake. A check
never raises: whatever the learner wrote, it answers with a Verdict.
"""
from .check import Verdict, check

__all__ = ["Verdict", "check"]
