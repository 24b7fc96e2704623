"""The running example and its chain rule, written out by hand.

    y_hat = w1*x**2 + w2*x + b,   r = y_hat - y,   loss = mean(r**2)
"""
import numpy as np

from .inputs import finite, model_inputs
from .results import Forward, Gradients


@np.errstate(over="ignore", invalid="ignore")
def forward(x, y, w1, w2, b):
    """正向传播 forward propagation: y_hat, r and loss."""
    inputs = dict(x=x, y=y, w1=w1, w2=w2, b=b)
    x, y, w1, w2, b = model_inputs(x, y, w1, w2, b)
    y_hat = w1 * x**2 + w2 * x + b
    r = y_hat - y
    loss = np.mean(r**2)
    return Forward(y_hat, r, finite("loss", loss, inputs))


@np.errstate(over="ignore", invalid="ignore")
def manual_backward(x, y, w1, w2, b):
    """反向传播 backpropagation by the chain rule, one factor at a time."""
    inputs = dict(x=x, y=y, w1=w1, w2=w2, b=b)
    x, y, w1, w2, b = model_inputs(x, y, w1, w2, b)
    r = forward(x, y, w1, w2, b).r
    n = np.size(x)
    dy_hat = 2 * r / n            # dloss/dr * dr/dy_hat, r**2 averaged
    dw1 = np.sum(dy_hat * x**2)   # dy_hat/dw1 = x**2
    dw2 = np.sum(dy_hat * x)      # dy_hat/dw2 = x
    db = np.sum(dy_hat)           # dy_hat/db = 1
    for name, value in [("dloss/dw1", dw1), ("dloss/dw2", dw2)]:
        finite(name, value, inputs)
    return Gradients(dy_hat, dw1, dw2, db)
