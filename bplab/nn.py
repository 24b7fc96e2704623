"""A network with one hidden layer, its backward pass by hand, training.

    #(1) z = x @ W1 + b1           hidden pre-activations, n x hidden
    #(2) h = tanh(z)               hidden activations
    #(3) y_hat = h @ W2 + b2       predictions, n x 1
    #(4) r = y_hat - y             residuals
    #(5) data_loss = mean(r**2)
    #(6) penalty = reg * (sum(W1**2) + sum(W2**2))    weight decay
    #(7) loss = data_loss + penalty

The backward pass walks the same stages in reverse. W1 feeds stages (1)
and (6), W2 feeds (3) and (6): their gradients are sums, hence `+=`.
Everything is numpy float64; x and y are columns (n x 1). The data is
notebook 4's: `bplab.descent.make_data()`, a quadratic plus noise.
"""
from dataclasses import dataclass

import numpy as np

from .descent import MAX_STEPS, blew_up, limit
from .inputs import data, positive, scalar, whole
from .gradcheck import EPS, agreement
from .numeric import TINY, gradient

PARAMS = ("W1", "b1", "W2", "b2")
REG = 1e-3
MAX_HIDDEN = 64


def init(hidden, seed=0):
    """Random starting weights for `hidden` tanh units, seeded."""
    hidden = whole("hidden", hidden, 1, MAX_HIDDEN)
    rng = np.random.default_rng(whole("seed", seed, 0, 2**32 - 1))
    return dict(W1=rng.normal(size=(1, hidden)),
                b1=rng.normal(size=hidden),
                W2=rng.normal(size=(hidden, 1)) / np.sqrt(hidden),
                b2=np.zeros(1))


def weights(params):
    """params checked: W1 1 x H, b1 H, W2 H x 1, b2 1, all finite."""
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict of {', '.join(PARAMS)}, "
                        f"got {type(params).__name__}")
    missing = [name for name in PARAMS if name not in params]
    if missing:
        raise ValueError(f"params is missing {', '.join(missing)}")
    out = {}
    for name in PARAMS:
        array = np.asarray(params[name])
        if array.dtype.kind not in "iuf":
            raise TypeError(f"params['{name}'] must hold real numbers, "
                            f"it holds {array.dtype}")
        out[name] = array.astype(np.float64)
        if not np.all(np.isfinite(out[name])):
            raise ValueError(f"params['{name}'] must be finite")
    hidden = out["W1"].shape[-1] if out["W1"].ndim == 2 else 0
    shapes = dict(W1=(1, hidden), b1=(hidden,), W2=(hidden, 1), b2=(1,))
    for name, shape in shapes.items():
        if out[name].shape != shape or not 1 <= hidden <= MAX_HIDDEN:
            raise ValueError(
                f"params['{name}'] has shape {out[name].shape}; with "
                f"W1 of shape (1, hidden), 1 <= hidden <= {MAX_HIDDEN}, "
                f"it must be {shape}")
    return out


@np.errstate(over="ignore", invalid="ignore")
def predict(params, x):
    """Stages (1) to (3): y_hat for each x, as a column."""
    params = weights(params)
    h = np.tanh(column("x", x) @ params["W1"] + params["b1"])
    return _finite("y_hat", h @ params["W2"] + params["b2"])


def _finite(name, value):
    """value, or a ValueError naming what overflowed float64."""
    if not np.all(np.isfinite(value)):
        raise ValueError(f"{name} overflows float64 for these weights and "
                         "this data; use smaller ones")
    return value


def regularisation(reg):
    """reg checked: a finite float >= 0."""
    reg = scalar("reg", reg)
    if reg < 0:
        raise ValueError(f"reg must be >= 0, got {reg}")
    return reg


@np.errstate(over="ignore", invalid="ignore")
def loss_and_grads(params, x, y, reg=REG):
    """The loss, and its gradient for each of W1, b1, W2, b2, by hand."""
    x, y = columns(x, y)
    params, reg = weights(params), regularisation(reg)
    W1, b1, W2, b2 = (params[name] for name in PARAMS)
    n = len(x)
    # forward: 正向传播
    z = x @ W1 + b1                                     # (1)
    h = np.tanh(z)                                      # (2)
    y_hat = h @ W2 + b2                                 # (3)
    r = y_hat - y                                       # (4)
    data_loss = np.mean(r**2)                           # (5)
    penalty = reg * (np.sum(W1**2) + np.sum(W2**2))     # (6)
    loss = data_loss + penalty                          # (7)
    # backward: 反向传播, the same stages in reverse
    ddata_loss, dpenalty = 1.0, 1.0                     # (7)
    dW1 = 2 * reg * W1 * dpenalty                       # (6)
    dW2 = 2 * reg * W2 * dpenalty
    dr = 2 * r / n * ddata_loss                         # (5)
    dy_hat = dr                                         # (4)
    dW2 += h.T @ dy_hat                                 # (3) += !
    db2 = np.sum(dy_hat, axis=0)
    dh = dy_hat @ W2.T
    dz = (1 - h**2) * dh                                # (2)
    dW1 += x.T @ dz                                     # (1) += !
    db1 = np.sum(dz, axis=0)
    grads = dict(W1=dW1, b1=db1, W2=dW2, b2=db2)
    _finite("the loss", loss)
    for name in PARAMS:
        _finite(f"d{name}", grads[name])
    return float(loss), grads


def torch_grads(params, x, y, reg=REG):
    """The same loss and gradients from PyTorch autograd, float64."""
    import torch

    x, y = (torch.tensor(v) for v in columns(x, y))
    params, reg = weights(params), regularisation(reg)
    p = {name: torch.tensor(params[name], requires_grad=True)
         for name in PARAMS}
    y_hat = torch.tanh(x @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]
    loss = torch.mean((y_hat - y) ** 2) + reg * (
        torch.sum(p["W1"] ** 2) + torch.sum(p["W2"] ** 2))
    _finite("the loss", loss.item())
    loss.backward()
    grads = {name: p[name].grad.numpy().copy() for name in PARAMS}
    for name in PARAMS:
        _finite(f"d{name}", grads[name])
    return loss.item(), grads


def numeric_grads(params, x, y, reg=REG, h=1e-5):
    """Central differences, nudging one weight at a time."""
    return gradient(lambda p: loss_and_grads(p, x, y, reg)[0],
                    {name: params[name] for name in PARAMS}, h)


def sizes(params, x, y, reg=REG):
    """{name: the backward pass run on the sizes of every term}: what
    each gradient is a sum of, before any cancels."""
    x, y = columns(x, y)
    size = {k: np.abs(params[k]) for k in PARAMS}
    h = np.tanh(x @ params["W1"] + params["b1"])
    y_hat = h @ params["W2"] + params["b2"]
    terms = np.abs(y_hat - y) + np.abs(h) @ size["W2"] + size["b2"] \
        + np.abs(y)                     # what r is made of, in size
    dy_hat = 2 * terms / len(x)
    dh = dy_hat @ size["W2"].T
    dz = dh + np.abs(h) * dh            # |1 - h**2| <= 1, and its rounding
    return dict(W1=np.abs(x).T @ dz + 2 * reg * size["W1"],
                b1=np.sum(dz, axis=0),
                W2=np.abs(h).T @ dy_hat + 2 * reg * size["W2"],
                b2=np.sum(dy_hat, axis=0))


def rounding(params, x, y, reg=REG):
    """{name: how far float64 rounding can move each gradient}: a few
    eps per operation times the sizes() its sums are made of."""
    n, hidden = np.size(x), np.shape(params["W1"])[1]
    k = EPS * (4 * (n + hidden) + 16)
    return {name: k * s + 4 * TINY
            for name, s in sizes(params, x, y, reg).items()}


def numeric_rounding(params, x, y, reg=REG, h=1e-5):
    """{name: how far rounding and truncation can move numeric_grads}:
    the loss's rounding over 2h, and h**2 times the gradients' sizes."""
    loss = loss_and_grads(params, x, y, reg)[0]
    noise = 8 * EPS * (loss + np.mean(np.abs(y)) ** 2 + 1) / (2 * h)
    return {name: noise + 100 * h**2 * (1 + s)
            for name, s in sizes(params, x, y, reg).items()}


def gradient_check(params, x, y, reg=REG, h=1e-5, manual=None):
    """{name: Agreement} of loss_and_grads (or `manual`, other gradients
    to judge, such as a slip) against numeric_grads."""
    mine = manual or loss_and_grads(params, x, y, reg)[1]
    numeric = numeric_grads(params, x, y, reg, h)
    ua, ub = rounding(params, x, y, reg), numeric_rounding(
        params, x, y, reg, h)
    return {name: agreement(mine[name], numeric[name], ua[name], ub[name])
            for name in PARAMS}


@dataclass(frozen=True)
class History:
    """What training did: the loss and the weights before each step."""
    losses: tuple
    params: tuple
    diverged: bool

    def at(self, step):
        """The weights after `step` steps (the last ones if fewer ran)."""
        return self.params[min(step, len(self.params) - 1)]


@np.errstate(over="ignore", invalid="ignore")
def train(x, y, hidden, lr, steps, seed=0, reg=REG):
    """Gradient descent on all of x, y; stops early if the loss blows up,
    by notebook 4's rule: bplab.descent.blew_up."""
    lr = positive("lr", lr)
    steps = whole("steps", steps, 0, MAX_STEPS)
    params = init(hidden, seed)
    losses, history = [], [params]
    for step in range(steps + 1):
        try:
            loss, grads = loss_and_grads(params, x, y, reg)
        except ValueError:
            if not losses:          # the data itself is too large
                raise
            loss = np.inf           # the weights blew up: diverged
        if losses and blew_up(loss, limit(losses[0])):
            return History(tuple(losses), tuple(history[:-1]), True)
        losses.append(loss)
        if step < steps:
            params = {k: params[k] - lr * grads[k] for k in PARAMS}
            history.append(params)
    return History(tuple(losses), tuple(history), False)


def column(name, values):
    """x or y as an n x 1 float64 column."""
    values = data(name, values)
    return np.reshape(values, (-1, 1))


def columns(x, y):
    """x and y as columns of the same length."""
    x, y = column("x", x), column("y", y)
    if len(x) != len(y):
        raise ValueError(
            f"x and y must have the same length, got {len(x)} and {len(y)}")
    return x, y
