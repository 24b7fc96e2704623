"""What bplab computes for each number a view tags with data-q.

The browser tests read the slider values back from the page, compute the
numbers here with bplab itself (not with the view), and compare them with
what the page shows, to the decimals the page shows.
"""
import re

import numpy as np

import bplab
from bplab import descent, nn
from bplab.numeric import BAD, GOOD

WAYS = {"manual": bplab.manual_backward, "torch": bplab.torch_backward,
        "numeric": bplab.numeric_backward,
        "engine": bplab.manual_backward}  # notebook 5: must agree
# The thresholds the gradient checks show (CS231n's; TINY: zero up to
# rounding).
THRESHOLDS = {"GOOD": GOOD, "BAD": BAD, "TINY": 1e-9}


# Other names notebook 5's graph gives the inner nodes.
SHORT = {"x**2": "x2", "w1*x**2": "w1x2", "w2*x": "w2x"}


def model_values(x, y, w1, w2, b, h=1e-5):
    """{data-q name: value} of the running example at these inputs.

    Names as views and bplab.draw.graph tag them: "loss", "dloss/dw1",
    "torch.w1", "grad.w1" (a graph node's gradient), "local.w1:y_hat"
    (an edge's local derivative dy_hat/dw1), ...; numeric ones by
    central differences with step h.
    """
    f = bplab.forward(x, y, w1, w2, b)
    values = {"x": x, "y": y, "w1": w1, "w2": w2, "b": b,
              "y_hat": f.y_hat, "r": f.r, "loss": f.loss}
    nodes = {"x**2": x**2, "w1*x**2": w1 * x**2, "w2*x": w2 * x}
    values.update(nodes)
    local = {"x:x**2": 2 * x, "w1:w1*x**2": x**2, "x**2:w1*x**2": w1,
             "x:w2*x": w2, "w2:w2*x": x, "w1*x**2:y_hat": 1.0,
             "w2*x:y_hat": 1.0, "y_hat:r": 1.0, "y:r": -1.0, "r:loss": 2 * f.r,
             "w1:y_hat": x**2, "w2:y_hat": x, "b:y_hat": 1.0,
             "x:y_hat": 2 * w1 * x + w2}
    for edge, value in local.items():
        src, dst = edge.split(":")
        values[f"local.{edge}"] = values[f"d{dst}/d{src}"] = value
    grad = {"loss": 1.0, "r": 2 * f.r, "y": -2 * f.r, "x**2": 2 * f.r * w1,
            "w1*x**2": 2 * f.r, "w2*x": 2 * f.r,
            "x": 2 * f.r * (2 * w1 * x + w2)}
    for way, backward in WAYS.items():
        extra = {"h": h} if way == "numeric" else {}
        grads = backward(x, y, w1, w2, b, **extra)
        for name, value in grads.asdict().items():
            values[f"{way}.{name}"] = value
            if way == "manual":
                grad[name] = value
    for name, value in grad.items():
        values[f"dloss/d{name}"] = values[f"grad.{name}"] = value
    s = w1 * x**2 + w2 * x  # notebook 5's node "s"
    values.update({"s": s, "grad.s": 2 * f.r, "h": h,
                   "x.via_x2": 2 * x * 2 * f.r * w1,
                   "x.via_w2x": w2 * 2 * f.r, "x.grad_sum": grad["x"]})
    for name in list(values):
        if name in ("x", "y", "w1", "w2", "b", "y_hat", "r", "loss", "s",
                    *nodes):
            values[f"value.{name}"] = values[name]
    long = re.compile("|".join(re.escape(name) for name in sorted(
        SHORT, key=len, reverse=True)))
    for key in list(values):
        values[long.sub(lambda m: SHORT[m.group()], key)] = values[key]
    values.update(THRESHOLDS)
    return values


def model7_values(expression, **point):
    """Notebook 7: every number its view tags, for any model, by bplab's
    Model: node values and gradients, local derivatives, the chains'
    sums, sympy's derivatives, and manual, torch and numeric with the
    rel_error of notebook 3."""
    m = bplab.Model(expression)
    v, g, local = m.gradients(**point)
    values = {}
    for i, name in enumerate(m.ids):
        values[f"value.{name}"] = float(v[i])
        values[f"grad.{name}"] = float(g[i])
    for (a, i), d in local.items():
        values[f"local.{m.ids[a]}:{m.ids[i]}"] = float(d)
    grads = {"manual": m.manual_backward(**point),
             "torch": m.torch_backward(**point),
             "numeric": m.numeric_backward(**point)}
    exact = m.symbolic()
    for p in m.parameters:
        values[f"dloss/d{p}"] = getattr(grads["manual"], p)
        values[f"sympy.{p}"] = float(exact[p].evalf(subs={
            s: point[s.name] for s in exact[p].free_symbols}))
        for way, found in grads.items():
            values[f"{way}.{p}"] = getattr(found, p)
        values[f"rel_error.{p}"] = max(
            bplab.rel_error(values[f"manual.{p}"], values[f"torch.{p}"]),
            bplab.rel_error(values[f"manual.{p}"], values[f"numeric.{p}"]))
    return values


def check_values(values):
    """Notebook 3: rel_error.p, the larger of manual vs torch and manual
    vs numeric."""
    return {f"rel_error.{p}": max(
        bplab.rel_error(values[f"manual.{p}"], values[f"torch.{p}"]),
        bplab.rel_error(values[f"manual.{p}"], values[f"numeric.{p}"]))
        for p in ("w1", "w2", "b")}


# Notebook 2's gradient check: a formula for dloss/dw1, dw2, db as the
# dropdown names it, as multiples of the right gradients, and the slip
# "x where x² belongs" (2r·x for w1).
SLIPS = {"right": 1.0, "missing factor 2": 0.5, "wrong sign of r": -1.0}


def formula_values(values, formula):
    """Notebook 2: formula.p by the chosen formula, its rel_error to
    numeric.p."""
    slip = formula.split(":")[0].strip()
    right = {p: values[f"manual.{p}"] for p in ("w1", "w2", "b")}
    if slip == "x where x² belongs":
        got = {**right, "w1": 2 * values["r"] * values["x"]}
    else:
        got = {p: SLIPS[slip] * g for p, g in right.items()}
    out = {}
    for p, value in got.items():
        out[f"formula.{p}"] = value
        out[f"rel_error.{p}"] = bplab.rel_error(value, values[f"numeric.{p}"])
    return out


def descent_values(w1, w2, b, lr, step):
    """Notebook 4: `step` steps of gradient descent from (w1, w2, b) on
    bplab.descent's data, each by manual_backward, and what the view
    says about the data: the best fit and the largest stable lr."""
    x, y = descent.make_data()
    n = len(x)
    design = np.stack([x**2, x, np.ones(n)], axis=1)
    lambda_max = np.linalg.eigvalsh(2 / n * design.T @ design)[-1]
    best = dict(zip(("w1", "w2", "b"), np.polyfit(x, y, 2)))
    values = {"lr": lr, "lambda_max": lambda_max, "lr_max": 2 / lambda_max,
              "best.loss": bplab.forward(x, y, **best).loss}
    for name in ("w1", "w2", "b"):
        values[f"best.{name}"] = best[name]
        values[f"true.{name}"] = descent.TRUE[name]
    w = dict(w1=w1, w2=w2, b=b)
    limit = descent.BLOWUP * max(bplab.forward(x, y, **w).loss, 1.0)
    for done in range(step + 1):
        loss = bplab.forward(x, y, **w).loss
        grad = bplab.manual_backward(x, y, **w)
        values.update(w, step=done, loss=loss)
        for name in w:
            values[f"dloss/d{name}"] = getattr(grad, name)
            values[f"next.{name}"] = w[name] - lr * getattr(grad, name)
        if done < step:
            after = {k: values[f"next.{k}"] for k in w}
            if not np.isfinite(list(after.values())).all() or (
                    bplab.forward(x, y, **after).loss > limit):
                values["diverged_at"] = done + 1
                break
            w = after
    return values


def network_values(hidden, lr, step):
    """Notebook 6: the seeded network after `step` steps of gradient
    descent on the quadratic data, each by nn.loss_and_grads."""
    x, y = descent.make_data()
    params = nn.init(hidden)
    first = None
    values = {"hidden": hidden, "lr": lr}
    for done in range(step + 1):
        loss, grads = nn.loss_and_grads(params, x, y)
        first = loss if first is None else first
        if descent.blew_up(loss, descent.limit(first)):
            values["diverged_at"] = done
            break
        values.update(step=done, loss=loss)
        params = {k: params[k] - lr * grads[k] for k in nn.PARAMS}
    return values


def tolerance(text):
    """Half a unit in the last shown decimal: what rounding may move
    (of the mantissa, for 1.6e-11)."""
    shown = text.strip().lower().replace("\u2212", "-")
    mantissa, _, power = shown.partition("e")
    places = len(mantissa.split(".")[1]) if "." in mantissa else 0
    unit = 10.0 ** (int(power) if power else 0)
    return (0.5 * 10.0 ** -places + 1e-9) * unit


def mismatches(shown, expected):
    """Messages for every shown number that bplab disagrees with."""
    from harness import number

    wrong = []
    for name, text in shown.items():
        if name not in expected:
            wrong.append(f"{name}={text}: no bplab formula for this name "
                         f"(add it to tests/browser/expected.py)")
        elif name.startswith("rel_error.") and expected[name] <= GOOD:
            # Rounding noise: its digits hang on bits of the slider
            # values that the readouts do not show. It must be noise.
            if not number(text) <= GOOD:
                wrong.append(f"{name}: page shows {text}, bplab computes "
                             f"{expected[name]:.1e} (both should be <= "
                             f"{GOOD:.0e})")
        elif abs(number(text) - expected[name]) > tolerance(text):
            wrong.append(f"{name}: page shows {text}, bplab computes "
                         f"{expected[name]:.6f}")
    return wrong
