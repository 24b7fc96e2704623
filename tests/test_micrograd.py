"""Code written for micrograd's Value runs on ours, only the import changed.

The two engine tests and the small MLP below are written from micrograd's
public API (Value(data), .data, .grad, + - * / **, relu(), backward());
with `from micrograd.engine import Value` they would run on micrograd.
"""
import random

import torch

from bplab import Value


def test_sanity_check():
    x = Value(-4.0)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    xmg, ymg = x, y

    x = torch.Tensor([-4.0]).double()
    x.requires_grad = True
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    xpt, ypt = x, y

    assert ymg.data == ypt.data.item()
    assert xmg.grad == xpt.grad.item()


def test_more_ops():
    a = Value(-4.0)
    b = Value(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    amg, bmg, gmg = a, b, g

    a = torch.Tensor([-4.0]).double()
    b = torch.Tensor([2.0]).double()
    a.requires_grad = True
    b.requires_grad = True
    c = a + b
    d = a * b + b**3
    c = c + c + 1
    c = c + 1 + c + (-a)
    d = d + d * 2 + (b + a).relu()
    d = d + 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g = g + 10.0 / f
    g.backward()
    apt, bpt, gpt = a, b, g

    tol = 1e-6
    assert abs(gmg.data - gpt.data.item()) < tol
    assert abs(amg.grad - apt.grad.item()) < tol
    assert abs(bmg.grad - bpt.grad.item()) < tol


class Module:

    def zero_grad(self):
        for p in self.parameters():
            p.grad = 0

    def parameters(self):
        return []


class Neuron(Module):

    def __init__(self, nin, nonlin=True):
        self.w = [Value(random.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(0)
        self.nonlin = nonlin

    def __call__(self, x):
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return act.relu() if self.nonlin else act

    def parameters(self):
        return self.w + [self.b]


class Layer(Module):

    def __init__(self, nin, nout, **kwargs):
        self.neurons = [Neuron(nin, **kwargs) for _ in range(nout)]

    def __call__(self, x):
        out = [n(x) for n in self.neurons]
        return out[0] if len(out) == 1 else out

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]


class MLP(Module):

    def __init__(self, nin, nouts):
        sz = [nin] + nouts
        self.layers = [Layer(sz[i], sz[i + 1], nonlin=i != len(nouts) - 1)
                       for i in range(len(nouts))]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]


def moons(n, rng):
    """Two interleaved half circles, labels -1 and 1 (as in the demo)."""
    X, y = [], []
    for i in range(n):
        t = rng.uniform(0, 3.14159)
        if i % 2:
            X.append([1 - torch.cos(torch.tensor(t)).item(),
                      0.5 - torch.sin(torch.tensor(t)).item()])
            y.append(1)
        else:
            X.append([torch.cos(torch.tensor(t)).item(),
                      torch.sin(torch.tensor(t)).item()])
            y.append(-1)
    return X, y


def test_the_mlp_demo_trains():
    random.seed(1337)
    X, y = moons(30, random.Random(0))
    model = MLP(2, [8, 8, 1])        # the demo's is [16, 16]

    def loss():
        inputs = [list(map(Value, xrow)) for xrow in X]
        scores = list(map(model, inputs))
        losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        alpha = 1e-4
        reg_loss = alpha * sum((p * p for p in model.parameters()))
        total = data_loss + reg_loss
        accuracy = [(yi > 0) == (scorei.data > 0)
                    for yi, scorei in zip(y, scores)]
        return total, sum(accuracy) / len(accuracy)

    first, _ = loss()
    for k in range(20):
        total, acc = loss()
        model.zero_grad()
        total.backward()
        learning_rate = 1.0 - 0.9 * k / 20
        for p in model.parameters():
            p.data -= learning_rate * p.grad
    last, acc = loss()
    assert last.data < first.data
    assert acc > 0.8


def test_the_new_operations_agree_with_torch():
    for f in [lambda v: v.exp(), lambda v: v.log(), lambda v: v.sigmoid(),
              lambda v: v.sqrt(), lambda v: v.relu(), lambda v: v.tanh(),
              lambda v: 1.5 / v, lambda v: v / 3.0, lambda v: v / (v + 1)]:
        for a in [0.3, 1.7]:
            v = Value(a)
            out = f(v)
            out.backward()
            t = torch.tensor(a, dtype=torch.float64, requires_grad=True)
            tout = f(t)
            tout.backward()
            assert abs(out.data - tout.item()) <= 1e-12 * abs(tout.item())
            assert abs(v.grad - t.grad.item()) <= 1e-12 * abs(
                t.grad.item())
