"""Interactive views, one module per notebook topic.

A view is a plain function of slider values that returns HTML. Every
number it shows is wrapped by `q`, so tests (and the browser suite) can
read it back by name with `quantities`.
"""
import re
from html import escape

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
