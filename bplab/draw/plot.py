"""A tiny SVG plotter: fast, exact and readable in a test or a browser.

Numbers on a plot are text in the SVG, so a browser test can read them.
"""
import hashlib
from html import escape

import numpy as np

from ..results import fmt


class Plot:
    """Data coordinates (xlim, ylim) mapped onto a width x height picture."""

    margin = 40

    def __init__(self, xlim, ylim, width=360, height=240, title=""):
        self.xlim, self.ylim = xlim, ylim
        self.width, self.height, self.title = width, height, title
        self.parts = []

    @property
    def clip_id(self):
        """Same box, same id: unique enough on a page of many plots."""
        box = (self.xlim, self.ylim, self.width, self.height)
        return "clip-" + hashlib.sha1(repr(box).encode()).hexdigest()[:8]

    def px(self, x, y):
        """Pixel coordinates of the data point (x, y)."""
        (x0, x1), (y0, y1), m = self.xlim, self.ylim, self.margin
        u = m + (x - x0) / (x1 - x0) * (self.width - 1.5 * m)
        v = self.height - m + (y - y0) / (y1 - y0) * (2 * m - self.height)
        return u, v

    def line(self, xs, ys, cls="curve"):
        """A polyline through (xs, ys), clipped to the axes box."""
        u, v = self.px(np.asarray(xs, float), np.asarray(ys, float))
        points = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(u, v))
        self.parts.append(
            f'<polyline class="{cls}" points="{points}" fill="none"'
            f' clip-path="url(#{self.clip_id})"/>')
        return self

    def segment(self, x0, y0, x1, y1, cls="segment"):
        return self.line([x0, x1], [y0, y1], cls)

    def point(self, x, y, cls="point", r=4):
        u, v = self.px(x, y)
        self.parts.append(
            f'<circle class="{cls}" cx="{u:.1f}" cy="{v:.1f}" r="{r}"/>')
        return self

    def text(self, x, y, label, cls="label", anchor="start", tagged=""):
        """A label at data point (x, y); `tagged`: SVG markup after it,
        such as a number tagged by views.q(..., tag="tspan")."""
        u, v = self.px(x, y)
        self.parts.append(
            f'<text class="{cls}" x="{u:.1f}" y="{v:.1f}" '
            f'text-anchor="{anchor}">{escape(label)}{tagged}</text>')
        return self

    def axes(self, xlabel, ylabel):
        """The frame, tick values at its ends, and the axis names."""
        (x0, x1), (y0, y1) = self.xlim, self.ylim
        left, bottom = self.px(x0, y0)
        right, top = self.px(x1, y1)
        ticks = [(left, bottom + 14, "middle", x0), (right, bottom + 14,
                 "middle", x1), (left - 4, bottom, "end", y0),
                 (left - 4, top + 4, "end", y1)]
        self.parts.insert(0, (
            f'<rect class="frame" x="{left:.1f}" y="{top:.1f}" '
            f'width="{right - left:.1f}" height="{bottom - top:.1f}"/>'
            + "".join(f'<text class="tick" x="{u:.1f}" y="{v:.1f}" '
                      f'text-anchor="{a}">{fmt(t, 1)}</text>'
                      for u, v, a, t in ticks)
            + f'<text class="axis" x="{(left + right) / 2:.1f}" '
            f'y="{bottom + 30:.1f}" text-anchor="middle">{escape(xlabel)}'
            f'</text><text class="axis" x="{left - 8:.1f}" '
            f'y="{(top + bottom) / 2:.1f}" text-anchor="end">'
            f'{escape(ylabel)}</text>'
            f'<clipPath id="{self.clip_id}"><rect x="{left:.1f}" y="{top:.1f}" '
            f'width="{right - left:.1f}" height="{bottom - top:.1f}"/>'
            '</clipPath>'))
        return self

    def svg(self):
        """The picture as one <svg> element, its title as a <title>."""
        title = escape(self.title)
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="bplab-plot" '
            f'width="{self.width}" height="{self.height}" '
            f'viewBox="0 0 {self.width} {self.height}">{STYLE}'
            f'<title>{title}</title><text class="title" x="{self.width / 2}"'
            f' y="16" text-anchor="middle">{title}</text>'
            + "".join(self.parts) + "</svg>")


STYLE = (
    "<style>.bplab-plot{font:12px sans-serif}"
    ".bplab-plot .frame{fill:none;stroke:#999}"
    ".bplab-plot .curve{stroke:#1f77b4;stroke-width:2}"
    ".bplab-plot .accent{stroke:#d62728;stroke-width:2}"
    ".bplab-plot .dashed{stroke:#d62728;stroke-dasharray:4 3}"
    ".bplab-plot .point{fill:#d62728}"
    ".bplab-plot .title{font-weight:bold}</style>")
