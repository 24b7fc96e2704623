"""Notebook 3's live view: manual, torch and numeric gradients side by side.

Each row is one parameter: manual against torch and manual against
numeric, each judged by bplab.gradcheck's one rule (rounding included);
the row shows the larger relative error and the worse verdict.
"""
from ..nb1.views import expression
from ..gradcheck import BAD, GOOD, agreement, worst
from ..model import forward, manual_backward
from ..numeric import exact_rounding, gradient_check
from ..torch_grad import torch_backward
from ..draw.markup import VERDICT, q
from ..ui.controls import model_sliders
from ..ui.liveview import LiveView
from ..i18n import _

NAMES = ("w1", "w2", "b")
CHAIN = dict(w1="2r · x²", w2="2r · x", b="2r · 1")
WAYS = ("manual", "torch", "numeric")
MARKS = dict(right="pass", unsure="unsure", wrong="fail")
STYLE = ("<style>.bplab-check td,.bplab-check th{padding:2px 8px;"
         "text-align:right}.bplab-check .pass{color:#2a7d2a}"
         ".bplab-check .fail{color:#d62728}"
         ".bplab-check .unsure{color:#b36b00}</style>")


def verdict(by_torch, by_numeric):
    """(rel_error, mark class, mark text) from two Agreements."""
    error = max(by_torch.rel_error, by_numeric.rel_error)
    word = worst([by_torch.verdict, by_numeric.verdict])
    zero = by_torch.zero and by_numeric.zero and word == "right"
    zero_text = _(" (all 0 up to rounding)") if zero else ""
    text = f"{_(VERDICT[word])}{zero_text}"
    return error, MARKS[word], text


def check_view(x, y, w1, w2, b):
    """The gradient check at one point, as an HTML table."""
    out = forward(x, y, w1, w2, b)
    manual = manual_backward(x, y, w1, w2, b)
    torch = torch_backward(x, y, w1, w2, b)
    numeric = gradient_check(x, y, w1, w2, b)
    rounding = exact_rounding(x, y, w1, w2, b)
    rows = "".join(_row(name, getattr(manual, name), getattr(torch, name),
                        getattr(numeric, name), rounding[name])
                   for name in NAMES)
    return (
        f'<div class="bplab-check">{STYLE}'
        f'<p>y_hat = {expression()} = {q("y_hat", out.y_hat)}, '
        f'r = y_hat − y = {q("r", out.r)}, '
        f'loss = r² = {q("loss", out.loss)}</p>'
        '<table class="bplab-check-table"><tr><th>dloss/d…</th>'
        + _("<th>manual<br>chain rule</th><th>torch<br>.grad after "
            "loss.backward()</th><th>numeric<br>(loss(+h) − loss(−h)) / "
            "2h, h by default</th><th>rel_error</th><th>check</th>")
        + f"</tr>{rows}</table><p>"
        + _("rel_error(a, b) = |a − b| / max(|a|, |b|); each row shows "
            "the larger of rel_error(manual, torch) and rel_error(manual, "
            "numeric). ✓ right: rel_error ≤ {good} once rounding is allowed "
            "for, or all zero up to rounding (their relative error means "
            "nothing); ✗ wrong: apart by more than rounding and rel_error "
            "above {bad}; ? unsure: in between, or rounding too large to "
            "tell.").format(good=q("GOOD", GOOD, 0, sci=True),
                            bad=q("BAD", BAD, 0, sci=True))
        + "</p></div>")


def _row(name, manual, torch, numeric, rounding):
    by_torch = agreement(manual, torch, rounding)
    error, mark, text = verdict(by_torch, numeric)
    cells = "".join(f"<td>{q(f'{way}.{name}', value)}</td>"
                    for way, value in zip(WAYS, (manual, torch,
                                                 numeric.other)))
    return (f"<tr><th>{name} = {CHAIN[name]}</th>{cells}"
            f"<td>{q(f'rel_error.{name}', error, 1, sci=True)}</td>"
            f'<td class="{mark}" data-check="{name}">{text}</td></tr>')


def check_widget(**values):
    """Sliders for x, y, w1, w2, b wired to the gradient check."""
    return LiveView(check_view, model_sliders(**values))
