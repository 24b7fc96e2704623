"""The same gradients from PyTorch autograd, as the seed checked them.

torch is imported on the first call only, so `import bplab` stays fast.
"""
import numpy as np

from .inputs import finite, model_inputs
from .results import Gradients


def torch_backward(x, y, w1, w2, b):
    """loss.backward() in float64; dloss/dy_hat kept by retain_grad().

    The running example written out in torch, so that it raises where
    manual_backward does; it agrees with RUNNING.torch_backward."""
    import torch

    from .model import RUNNING
    RUNNING.manual_backward(x, y, w1, w2, b)  # its errors, word for word
    inputs = dict(x=x, y=y, w1=w1, w2=w2, b=b)
    x, y, w1, w2, b = model_inputs(x, y, w1, w2, b)
    x, y = (torch.tensor(v, dtype=torch.float64) for v in (x, y))
    w1, w2, b = (torch.tensor(v, dtype=torch.float64, requires_grad=True)
                 for v in (w1, w2, b))
    y_hat = w1 * x**2 + w2 * x + b
    y_hat.retain_grad()
    r = y_hat - y
    loss = (r**2).mean()
    finite("loss", loss.item(), inputs)
    loss.backward()
    dy_hat = y_hat.grad.numpy() if y_hat.ndim else y_hat.grad.item()
    for name, value in [("dloss/dw1", w1), ("dloss/dw2", w2)]:
        finite(name, value.grad.item(), inputs)   # as manual_backward
    return Gradients(np.copy(dy_hat), w1.grad.item(), w2.grad.item(),
                     b.grad.item())


def operations():
    """{op: the torch function} for every operation of a Model's graph."""
    import torch
    return {"+": torch.add, "-": torch.sub, "*": torch.mul,
            "/": torch.div, "**": torch.pow, "neg": torch.neg,
            "exp": torch.exp, "log": torch.log, "sin": torch.sin,
            "cos": torch.cos, "tanh": torch.tanh, "sigmoid": torch.sigmoid,
            "relu": torch.relu, "sqrt": torch.sqrt, "=": lambda a: a,
            "loss": lambda r: (r**2).mean()}


def model_torch(model, x, y, params):
    """A model's graph rebuilt in torch; loss.backward() does the rest."""
    import torch

    def tensor(v, grad=False):
        return torch.tensor(v, dtype=torch.float64, requires_grad=grad)

    ops, out = operations(), []
    for node in model.nodes[:model.output + 1]:
        if node.op == "parameter":
            out.append(tensor(params[node.text], grad=True))
        elif node.op in ("x", "number"):
            out.append(tensor(x if node.op == "x" else node.number))
        else:
            out.append(ops[node.op](*(out[a] for a in node.args)))
    y_hat = out[-1] + torch.zeros(np.shape(x), dtype=torch.float64)
    if not y_hat.requires_grad:         # no parameters: y_hat is a leaf
        y_hat.requires_grad_()
    y_hat.retain_grad()
    r = y_hat - tensor(y)
    loss = ops["loss"](r)
    loss.backward()
    grads = {"y_hat": np.copy(y_hat.grad.numpy()) if y_hat.ndim
             else y_hat.grad.item()}
    for node, t in zip(model.nodes, out):
        if node.op == "parameter":
            grads[node.text] = t.grad.item()
    return model.result(grads)
