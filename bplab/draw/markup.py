"""Shown numbers as tagged HTML, and the styles views share.

Every number a view shows is wrapped by `q`, so tests (and the browser
suite) can read it back by name with `quantities`.
"""
import re
from html import escape

import numpy as np

from ..gradcheck import BAD, GOOD
from ..i18n import N_, _
from ..results import fmt


def q(name, value, decimals=4, tag="span", sci=False):
    """A shown number, tagged with the name of the quantity it is;
    sci: in scientific notation, as for relative errors (1.6e-11)."""
    text = f"{value:.{decimals}e}" if sci else fmt(value, decimals)
    return (f'<{tag} class="q" data-q="{escape(name)}">'
            f'{text}</{tag}>')


def quantities(html):
    """{name: value} of every number tagged by `q` in a view's HTML."""
    found = re.findall(r'data-q="([^"]+)"[^>]*>([^<]*)<', html)
    return {name: float(text.replace("\u2212", "-")) for name, text in found}


SLIDER_DECIMALS = 2


def factor(name, value, decimals=4):
    """A shown number, in brackets when negative: 2·(−1.50)."""
    shown = q(name, value, decimals)
    return f"({shown})" if fmt(value, decimals).startswith("-") else shown


def given(name, value):
    """A slider's value as shown in a formula (its readout's decimals)."""
    return factor(name, value, SLIDER_DECIMALS)


TABLE = ("<style>.bplab-table td,.bplab-table th{padding:2px 6px;"
         "text-align:left;white-space:nowrap}</style>")


# The words for bplab.gradcheck's verdicts, the same in every notebook.
VERDICT = {"right": N_("✓ right"), "unsure": N_("? unsure"),
           "wrong": N_("✗ wrong")}


def said(agreement):
    """An Agreement's verdict in words, and why, as the rule decides."""
    m = float(np.max(np.maximum(np.abs(agreement.manual),
                                np.abs(agreement.other))))
    u = float(np.max(sum(agreement.rounding)))
    good, bad = (f"{t:.0e}".replace("e-0", "e-") for t in (GOOD, BAD))
    if agreement.verdict == "right":
        why = (_("both 0 up to rounding") if agreement.zero else
               _("≤ {good}, up to rounding").format(good=good))
    elif agreement.verdict == "wrong":
        why = _("> {bad}, more than rounding explains").format(bad=bad)
    else:
        why = (_("rounding too large to tell: try another h") if u > BAD * m
               else _("between {good} and {bad}: look closer").format(
                   good=good, bad=bad))
    return f"{_(VERDICT[agreement.verdict])} ({why})"
