"""The same gradients from PyTorch autograd, as the seed checked them.

torch is imported on the first call only, so `import bplab` stays fast.
"""
import numpy as np

from .inputs import finite, model_inputs
from .results import Gradients


def torch_backward(x, y, w1, w2, b):
    """loss.backward() in float64; dloss/dy_hat kept by retain_grad()."""
    import torch

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
