"""Our own engine: Value against torch, long chains, accumulation."""
import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from bplab import manual_backward, rel_error, torch_backward
from bplab.engine import Value, engine_backward, model_graph

SEED = dict(x=1.0, y=2.0, w1=1.0, w2=2.0, b=2.0)

# An expression is a list of steps; each makes a new node from earlier
# nodes (by index) with one operation, so nodes get used more than once.
OPS = ["+", "-", "*", "neg", "pow", "tanh", "rsub", "radd", "rmul", "/",
       "rdiv", "relu", "sigmoid", "exp", "log", "sqrt"]
step = st.tuples(st.sampled_from(OPS), st.integers(0, 10**6),
                 st.integers(0, 10**6), st.sampled_from([2, 3, 0.5, -1]),
                 st.floats(-2, 2))
small = st.floats(-2, 2).filter(lambda v: abs(v) > 1e-3)


def build(leaves, steps, lib):
    """The same graph in our engine (lib='engine') or in torch."""
    nodes = list(leaves)
    for op, i, j, n, c in steps:
        a, b = nodes[i % len(nodes)], nodes[j % len(nodes)]
        if op == "pow":
            value = a.data if lib == "engine" else a.item()
            if value <= 0.1 or abs(value) > 10:  # keep a ** n defined
                continue
            nodes.append(a ** n)
        elif op in ("tanh", "relu", "sigmoid", "exp", "log", "sqrt"):
            value = a.data if lib == "engine" else a.item()
            if op in ("log", "sqrt") and value <= 0.1 or abs(value) > 10 \
                    or op == "relu" and abs(value) < 1e-3:
                continue                # defined, and away from the kink
            nodes.append(getattr(a, op)())
        elif op in ("/", "rdiv"):
            below = b if op == "/" else a
            value = below.data if lib == "engine" else below.item()
            if abs(value) < 0.1:        # away from 1/0
                continue
            nodes.append(a / b if op == "/" else c / a)
        elif op == "neg":
            nodes.append(-a)
        elif op in ("rsub", "radd", "rmul"):
            nodes.append({"rsub": c - a, "radd": c + a,
                          "rmul": c * a}[op])
        else:
            nodes.append({"+": a + b, "-": a - b, "*": a * b}[op])
        value = nodes[-1].data if lib == "engine" else nodes[-1].item()
        if abs(value) > 1e3:  # keep values, and torch's rounding, small
            nodes.pop()
    total = nodes[-1]
    for node in nodes[len(leaves):-1]:  # every node reaches the output
        total = total + node
    return total


@settings(max_examples=200, deadline=None)
@given(st.lists(small, min_size=1, max_size=4),
       st.lists(step, min_size=1, max_size=12))
def test_value_agrees_with_torch_on_random_graphs(data, steps):
    leaves = [Value(v) for v in data]
    out = build(leaves, steps, "engine")
    out.backward()
    tleaves = [torch.tensor(v, dtype=torch.float64, requires_grad=True)
               for v in data]
    tout = build(tleaves, steps, "torch")
    if not tout.requires_grad:  # the output is a leaf itself
        assert out.grad == 1.0
        return
    tout.backward()
    # relative, or absolute where sums of terms cancel to near 0
    assert out.data == pytest.approx(tout.item(), rel=1e-12, abs=1e-12)
    for leaf, tleaf in zip(leaves, tleaves):
        if tleaf.grad is None:  # not in the graph: no gradient at all
            assert leaf.grad is None
        else:  # relative, or absolute where terms cancel to near 0
            assert leaf.grad == pytest.approx(tleaf.grad.item(),
                                              rel=1e-9, abs=1e-9)


def test_each_operation_and_its_local_derivative():
    a, b = Value(3.0), Value(-2.0)
    cases = [(a + b, 1.0, 1.0), (a - b, 1.0, -1.0), (a * b, -2.0, 3.0)]
    for out, da, db in cases:
        a.zero_grad(), b.zero_grad()
        out.backward()
        assert (a.grad, b.grad) == (da, db)
    for out, da in [(-a, -1.0), (a**2, 6.0), (a**0.5, 0.5 / math.sqrt(3)),
                    (2 + a, 1.0), (2 - a, -1.0), (2 * a, 2.0),
                    (a.tanh(), 1 - math.tanh(3.0)**2)]:
        a.zero_grad()
        out.backward()
        assert a.grad == pytest.approx(da, rel=1e-15)


def test_a_chain_of_10000_nodes_needs_no_recursion():
    x = Value(0.5)
    out = x
    for _ in range(10_000):
        out = out * 1.0001
    out.backward()
    assert x.grad == pytest.approx(1.0001**10_000, rel=1e-9)
    assert len(out.graph()) == 20_001   # 10,000 products, their constants


def test_a_value_used_twice_gets_both_contributions():
    x = Value(3.0)
    out = x * x + x      # d/dx = 2x + 1
    out.backward()
    assert x.grad == 7.0
    nodes = model_graph(**SEED)
    nodes["loss"].backward()
    # x**2 contributes 2r * w1 * 2x = 12, w2*x contributes 2r * w2 = 12
    assert nodes["x"].grad == 24.0


def test_grad_is_none_until_backward_and_after_zero_grad():
    nodes = model_graph(**SEED)
    assert all(node.grad is None for node in nodes.values())
    assert "not computed yet" in repr(nodes["w1"])
    nodes["loss"].backward()
    assert nodes["w1"].grad == 6.0
    nodes["loss"].zero_grad()
    assert all(node.grad is None for node in nodes.values())
    assert all(node.passes == 0 for node in nodes.values())


def test_backward_twice_adds_up_and_says_so():
    nodes = model_graph(**SEED)
    nodes["loss"].backward()
    nodes["loss"].backward()
    grads = [nodes[n].grad for n in ["y_hat", "w1", "w2", "b", "x"]]
    assert grads == [12.0, 12.0, 12.0, 12.0, 48.0]   # exactly twice
    assert nodes["w1"].passes == 2
    assert "summed over 2 backward() calls" in repr(nodes["w1"])
    nodes["loss"].zero_grad()
    nodes["loss"].backward()
    assert nodes["w1"].grad == 6.0 and nodes["w1"].passes == 1


def test_a_new_graph_on_old_leaves_adds_to_their_grad():
    w = Value(2.0)
    (w * 3).backward()
    (w * 3).backward()      # a training loop that forgot zero_grad
    assert w.grad == 6.0 and w.passes == 2


@pytest.mark.parametrize("point", [SEED, dict(x=-1.5, y=0.25, w1=0.5,
                                              w2=-2.0, b=3.0)])
def test_engine_gradients_match_manual_and_torch(point):
    grads = engine_backward(**point)
    assert rel_error(grads, manual_backward(**point)) <= 1e-15
    assert rel_error(grads, torch_backward(**point)) <= 1e-12


def test_seed_gradients_are_all_six():
    assert tuple(engine_backward(**SEED)) == (6.0, 6.0, 6.0, 6.0)


@pytest.mark.parametrize("make, error, words", [
    (lambda: Value("2"), TypeError, "data must be a real number"),
    (lambda: Value(float("nan")), ValueError, "data must be finite"),
    (lambda: Value(2) ** Value(2), TypeError, "constant real number n"),
    (lambda: Value(-2) ** 0.5, ValueError, "not a finite real number"),
    (lambda: Value(0) ** -1, ValueError, "not a finite real number"),
    (lambda: Value(1e200) * 1e200, ValueError, "overflows float64"),
    (lambda: Value(1) + "a", TypeError, "Values and real numbers"),
    (lambda: Value(1) / 0, ValueError, "a / b: division by zero"),
    (lambda: 1 / Value(0), ValueError, "division by zero"),
    (lambda: Value(-1).log(), ValueError, "log needs a > 0"),
    (lambda: Value(0).log(), ValueError, "log needs a > 0"),
    (lambda: Value(-1).sqrt(), ValueError, "sqrt needs a >= 0"),
    (lambda: Value(0).sqrt().backward(), ValueError, "slope of sqrt"),
    (lambda: Value(1000).exp(), ValueError, "exp of 1000 overflows"),
    (lambda: model_graph([1, 2], [1, 2], 1, 2, 2), ValueError,
     "one data point"),
])
def test_bad_input_gets_a_clear_error(make, error, words):
    with pytest.raises(error, match=words):
        make()


def test_sigmoid_of_a_large_negative_number_does_not_overflow():
    out = Value(-1000.0).sigmoid()
    assert out.data == 0.0 and Value(1000.0).sigmoid().data == 1.0
