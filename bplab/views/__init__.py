"""Interactive views, one module per notebook topic.

A view is a plain function of slider values that returns HTML. Every
number it shows is wrapped by `q`, so tests (and the browser suite) can
read it back by name with `quantities`.
"""
import re
from html import escape

from ..results import fmt


def q(name, value, decimals=4, tag="span"):
    """A shown number, tagged with the name of the quantity it is."""
    return (f'<{tag} class="q" data-q="{escape(name)}">'
            f'{fmt(value, decimals)}</{tag}>')


def quantities(html):
    """{name: value} of every number tagged by `q` in a view's HTML."""
    found = re.findall(r'data-q="([^"]+)"[^>]*>([^<]*)<', html)
    return {name: float(text.replace("\u2212", "-")) for name, text in found}
