"""Notebook 3's live view: manual, torch and numeric gradients side by side.

Each row is one parameter; its relative error is the larger of
manual vs torch and manual vs numeric, judged by CS231n's thresholds.
"""
from ..model import forward, manual_backward
from ..numeric import BAD, GOOD, numeric_backward, rel_error
from ..torch_grad import torch_backward
from ..ui.controls import model_sliders
from ..ui.liveview import LiveView
from ..draw.markup import q
from ..i18n import _

NAMES = ("w1", "w2", "b")
CHAIN = dict(w1="2r · x²", w2="2r · x", b="2r · 1")
TINY = 1e-9  # gradients below this in size are zero up to rounding
WAYS = ("manual", "torch", "numeric")
STYLE = ("<style>.bplab-check td,.bplab-check th{padding:2px 8px;"
         "text-align:right}.bplab-check .pass{color:#2a7d2a}"
         ".bplab-check .fail{color:#d62728}"
         ".bplab-check .unsure{color:#b36b00}</style>")


def verdict(manual, torch, numeric):
    """(rel_error, mark class, mark text) for one parameter's gradients."""
    error = max(rel_error(manual, torch), rel_error(manual, numeric))
    if max(abs(manual), abs(torch), abs(numeric)) <= TINY:
        return error, "pass", _("✓ all ≈ 0")
    if error <= GOOD:
        return error, "pass", _("✓ pass")
    if error > BAD:
        return error, "fail", _("✗ fail")
    return error, "unsure", _("? look closer")


def check_view(x, y, w1, w2, b):
    """The gradient check at one point, as an HTML table."""
    out = forward(x, y, w1, w2, b)
    grads = dict(zip(WAYS, (manual_backward(x, y, w1, w2, b),
                            torch_backward(x, y, w1, w2, b),
                            numeric_backward(x, y, w1, w2, b))))
    rows = "".join(_row(name, [getattr(grads[way], name) for way in WAYS])
                   for name in NAMES)
    return (
        f'<div class="bplab-check">{STYLE}'
        f'<p>y_hat = w1·x² + w2·x + b = {q("y_hat", out.y_hat)}, '
        f'r = y_hat − y = {q("r", out.r)}, '
        f'loss = r² = {q("loss", out.loss)}</p>'
        '<table class="bplab-check-table"><tr><th>dloss/d…</th>'
        + _("<th>manual<br>chain rule</th><th>torch<br>.grad after "
            "loss.backward()</th><th>numeric<br>(loss(+h) − loss(−h)) / "
            "2h, h = 1e-5</th><th>rel_error</th><th>check</th>")
        + f"</tr>{rows}</table><p>"
        + _("rel_error(a, b) = |a − b| / max(|a|, |b|); each row shows "
            "the larger of rel_error(manual, torch) and rel_error(manual, "
            "numeric). ✓ pass: rel_error ≤ {good}; ✗ fail: above {bad}; "
            "in between: look closer. Gradients all smaller than {tiny} "
            "are zero up to rounding, and their relative error means "
            "nothing.").format(good=q("GOOD", GOOD, 0, sci=True),
                               bad=q("BAD", BAD, 0, sci=True),
                               tiny=q("TINY", TINY, 0, sci=True))
        + "</p></div>")


def _row(name, values):
    manual, torch, numeric = values
    error, mark, text = verdict(manual, torch, numeric)
    cells = "".join(f"<td>{q(f'{way}.{name}', value)}</td>"
                    for way, value in zip(WAYS, values))
    return (f"<tr><th>{name} = {CHAIN[name]}</th>{cells}"
            f"<td>{q(f'rel_error.{name}', error, 1, sci=True)}</td>"
            f'<td class="{mark}" data-check="{name}">{text}</td></tr>')


def check_widget(**values):
    """Sliders for x, y, w1, w2, b wired to the gradient check."""
    return LiveView(check_view, model_sliders(**values))
