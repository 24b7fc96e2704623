"""What bplab computes for each number a view tags with data-q.

The browser tests read the slider values back from the page, compute the
numbers here with bplab itself (not with the view), and compare them with
what the page shows, to the decimals the page shows.
"""
import bplab

WAYS = {"manual": bplab.manual_backward, "torch": bplab.torch_backward,
        "numeric": bplab.numeric_backward}


def model_values(x, y, w1, w2, b):
    """{data-q name: value} of the running example at these inputs.

    Names as views and bplab.diagram tag them: "loss", "dloss/dw1",
    "torch.w1", "grad.w1" (a graph node's gradient), "local.w1:y_hat"
    (an edge's local derivative dy_hat/dw1), ...
    """
    f = bplab.forward(x, y, w1, w2, b)
    values = {"x": x, "y": y, "w1": w1, "w2": w2, "b": b,
              "y_hat": f.y_hat, "r": f.r, "loss": f.loss}
    local = {"y_hat:r": 1.0, "y:r": -1.0, "r:loss": 2 * f.r,
             "w1:y_hat": x**2, "w2:y_hat": x, "b:y_hat": 1.0,
             "x:y_hat": 2 * w1 * x + w2}
    for edge, value in local.items():
        src, dst = edge.split(":")
        values[f"local.{edge}"] = values[f"d{dst}/d{src}"] = value
    grad = {"loss": 1.0, "r": 2 * f.r, "y": -2 * f.r,
            "x": 2 * f.r * (2 * w1 * x + w2)}
    for way, backward in WAYS.items():
        for name, value in backward(x, y, w1, w2, b).asdict().items():
            values[f"{way}.{name}"] = value
            if way == "manual":
                grad[name] = value
    for name, value in grad.items():
        values[f"dloss/d{name}"] = values[f"grad.{name}"] = value
    for name in list(values):
        if name in ("x", "y", "w1", "w2", "b", "y_hat", "r", "loss"):
            values[f"value.{name}"] = values[name]
    return values


def tolerance(text):
    """Half a unit in the last shown decimal: what rounding may move."""
    shown = text.strip()
    places = len(shown.split(".")[1]) if "." in shown else 0
    return 0.5 * 10.0 ** -places + 1e-9


def mismatches(shown, expected):
    """Messages for every shown number that bplab disagrees with."""
    from harness import number

    wrong = []
    for name, text in shown.items():
        if name not in expected:
            wrong.append(f"{name}={text}: no bplab formula for this name "
                         f"(add it to tests/browser/expected.py)")
        elif abs(number(text) - expected[name]) > tolerance(text):
            wrong.append(f"{name}: page shows {text}, bplab computes "
                         f"{expected[name]:.6f}")
    return wrong
