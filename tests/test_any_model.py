"""bplab.Model: any expression of the grammar, its gradients four ways."""
import math
import subprocess
import sys

import numpy as np
import pytest
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import bplab
from bplab import Forward, Gradients, Model, rel_error
from bplab.model import EXPRESSION, RUNNING

SEED = dict(x=1.0, y=2.0, w1=1.0, w2=2.0, b=2.0)
TANH = dict(x=0.7, y=2.0, a=1.5, w=0.5, c=0.1)


def test_parameters_in_order_of_first_appearance():
    assert Model(EXPRESSION).parameters == ("w1", "w2", "b")
    assert Model("c + a*tanh(w*x) + a").parameters == ("c", "a", "w")
    assert Model("2*x").parameters == ()


def test_the_running_example_is_a_model():
    assert RUNNING.expression == EXPRESSION
    assert RUNNING.forward(**SEED) == Forward(5.0, 3.0, 9.0)
    assert RUNNING.manual_backward(**SEED) == Gradients(6.0, 6.0, 6.0, 6.0)
    assert type(RUNNING.torch_backward(**SEED)) is Gradients


@pytest.mark.parametrize("point", [SEED, dict(x=-1.5, y=0.25, w1=0.5,
                                               w2=-2.0, b=3.0)])
def test_running_example_functions_are_its_model(point):
    x, y, w1, w2, b = point.values()
    y_hat = w1 * x**2 + w2 * x + b
    r = y_hat - y
    assert bplab.forward(**point) == Forward(y_hat, r, r**2)
    assert bplab.manual_backward(**point) == Gradients(
        2 * r, 2 * r * x**2, 2 * r * x, 2 * r)
    for name in ["forward", "manual_backward", "torch_backward"]:
        mine, model = getattr(bplab, name), getattr(RUNNING, name)
        assert rel_error(mine(**point), model(**point)) <= 1e-12
    # bplab.numeric_backward picks its own h (issue 14): both are central
    # differences of the same loss, equal up to rounding
    assert rel_error(bplab.numeric_backward(**point),
                     RUNNING.numeric_backward(**point)) <= 1e-9


def test_a_tanh_model_by_hand():
    m = Model("a*tanh(w*x) + c")
    x, y, a, w, c = TANH.values()
    t = math.tanh(w * x)
    r = a * t + c - y
    g = m.manual_backward(**TANH)
    assert g.y_hat == pytest.approx(2 * r, rel=1e-15)
    assert g.a == pytest.approx(2 * r * t, rel=1e-15)
    assert g.w == pytest.approx(2 * r * a * (1 - t**2) * x, rel=1e-15)
    assert g.c == pytest.approx(2 * r, rel=1e-15)
    assert repr(g).startswith("Gradients(y_hat=")
    assert list(g.asdict()) == ["y_hat", "a", "w", "c"]
    assert m.forward(**TANH).loss == pytest.approx(r**2, rel=1e-15)


def test_positional_parameters_in_their_order():
    m = Model("a*tanh(w*x) + c")
    assert m.manual_backward(0.7, 2.0, 1.5, 0.5, 0.1) == m.manual_backward(
        **TANH)


@pytest.mark.parametrize("call,error,match", [
    (lambda m: m.forward(1, 2, a=1, w=1), TypeError, "needs a value for c"),
    (lambda m: m.forward(1, 2, 1, 1, 1, 1), TypeError, "has 3 parameters"),
    (lambda m: m.forward(1, 2, 1, 1, 1, q=1), TypeError,
     "'q' is not a parameter"),
    (lambda m: m.forward(1, 2, 1, a=1, w=1, c=1), TypeError, "a is given"),
    (lambda m: m.forward(1, 2, a="1", w=1, c=1), TypeError,
     "a must be a real number"),
    (lambda m: m.forward(1, 2, a=math.nan, w=1, c=1), ValueError,
     "a must be finite"),
    (lambda m: m.forward([1, 2], 2, a=1, w=1, c=1), ValueError,
     "only x is a batch"),
    (lambda m: m.numeric_backward(1, 2, a=1, w=1, c=1, h=0), ValueError,
     "h must be > 0"),
])
def test_bad_inputs_get_todays_errors(call, error, match):
    with pytest.raises(error, match=match):
        call(Model("a*tanh(w*x) + c"))


@pytest.mark.parametrize("text,point,match", [
    ("log(w*x)", dict(x=-1.0, w=1.0), "'log\\(w\\*x\\)': log needs"),
    ("sqrt(w*x)", dict(x=-1.0, w=1.0), "sqrt needs an argument >= 0"),
    ("sqrt(w*x)", dict(x=0.0, w=1.0), "derivative of 'sqrt\\(w\\*x\\)'"),
    ("w/x", dict(x=0.0, w=1.0), "'w/x': division by zero"),
    ("w/(x - 1)", dict(x=[2.0, 1.0], w=1.0), "division by zero"),
    ("exp(w*x)", dict(x=1000.0, w=1.0), "exp overflows float64"),
    ("w*x**2", dict(x=1e200, w=1.0), "'x\\*\\*2': \\*\\* overflows"),
    ("x**w", dict(x=-1.0, w=2.0), "variable exponent"),
    ("w*x**(-1)", dict(x=0.0, w=1.0), "division by zero"),
    ("w*x**0.5", dict(x=-4.0, w=1.0), "negative number \\*\\* a fraction"),
    ("(w*x)**0.5", dict(x=0.0, w=1.0), "derivative of '\\(w\\*x\\)"),
    ("w*x", dict(x=1e200, w=1e200), "overflows float64"),
])
def test_domain_errors_name_the_operation(text, point, match):
    y = [0.0] * len(point["x"]) if isinstance(point["x"], list) else 0.0
    m = Model(text)
    with pytest.raises(ValueError, match=match):
        m.manual_backward(y=y, **point)
    with pytest.raises(ValueError):
        m.torch_backward(y=y, **point)


def test_sqrt_of_data_at_zero_is_fine_for_the_parameters():
    """dloss/dx would be infinite, but nothing asks for it."""
    g = Model("w*sqrt(x)").manual_backward(0.0, 1.0, w=2.0)
    assert (g.y_hat, g.w) == (-2.0, 0.0)


def test_batches_average_the_loss():
    m = Model("a*tanh(w*x) + c")
    xs, ys = [0.5, -1.0, 2.0], [1.0, 0.0, -1.0]
    one = [m.manual_backward(x, y, 1.5, 0.5, 0.1) for x, y in zip(xs, ys)]
    many = m.manual_backward(xs, ys, 1.5, 0.5, 0.1)
    for p in ("a", "w", "c"):
        assert getattr(many, p) == pytest.approx(
            np.mean([getattr(g, p) for g in one]), rel=1e-12)
    assert np.allclose(many.y_hat, [g.y_hat / 3 for g in one], rtol=1e-12)
    assert rel_error(many, m.torch_backward(xs, ys, 1.5, 0.5, 0.1)) < 1e-12
    assert rel_error(many, m.numeric_backward(xs, ys, 1.5, 0.5, 0.1)) < 1e-7


def test_a_scalar_part_used_by_a_batch_sums_its_gradient():
    m = Model("(a*b)*x")
    g = m.manual_backward([1.0, 2.0], [0.0, 0.0], a=2.0, b=3.0)
    # loss = mean((6x)**2) = 18 ab**... : dloss/da = mean(2*6x*b*x)
    assert g.a == pytest.approx(np.mean([2 * 6 * 3 * 1, 2 * 12 * 3 * 2]))


def test_no_parameters_and_a_lone_parameter():
    assert list(Model("2*x").manual_backward(1.0, 0.0)) == [4.0]
    g = Model("b").manual_backward([1.0, 2.0], [0.0, 1.0], b=1.0)
    assert g.b == pytest.approx(1.0) and np.allclose(g.y_hat, [1.0, 0.0])


def test_symbolic_for_the_running_example():
    x, y, w1, w2, b = sympy.symbols("x y w1 w2 b", real=True)
    r = w1 * x**2 + w2 * x + b - y
    want = {"w1": 2 * r * x**2, "w2": 2 * r * x, "b": 2 * r}
    got = RUNNING.symbolic()
    assert list(got) == ["w1", "w2", "b"]
    for p in want:
        assert sympy.simplify(got[p] - want[p]) == 0


def test_import_bplab_imports_neither_sympy_nor_torch():
    code = ("import sys, bplab; m = bplab.Model('a*sin(x) + c'); "
            "m.manual_backward(1, 2, 1, 2); m.numeric_backward(1, 2, 1, 2); "
            "assert 'torch' not in sys.modules, 'torch'; "
            "assert 'sympy' not in sys.modules, 'sympy'; "
            "m.symbolic(); assert 'sympy' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


# Random models of the grammar, at well-conditioned points.
SMOOTH = ["exp", "sin", "cos", "tanh", "sigmoid"]
leaf = st.sampled_from(["x", "a", "b", "w", "2", "0.5", "3"])


def grow(inner):
    return st.one_of(
        st.builds(lambda a, op, b: f"({a}){op}({b})", inner,
                  st.sampled_from(["+", "-", "*", "/"]), inner),
        st.builds(lambda a, n: f"({a})**{n}", inner,
                  st.sampled_from(["2", "3", "(-1)", "0.5"])),
        st.builds(lambda f, a: f"{f}({a})", st.sampled_from(
            SMOOTH + ["log", "sqrt", "relu"]), inner),
        st.builds(lambda a: f"-({a})", inner))


expression = st.recursive(leaf, grow, max_leaves=6).filter(
    lambda t: len(t) <= 200)
value = st.floats(-2.0, 2.0).filter(lambda v: abs(v) > 1e-3)
checks = settings(max_examples=300, deadline=None)


def point(m, draw):
    params = {p: draw(value) for p in m.parameters}
    return draw(value), draw(value), params


def conditioned(m, x, y, params):
    """True where every node and local derivative is moderate, kinks and
    poles well away: there all four ways should agree."""
    try:
        v, _, local = m.gradients(x, y, **params)
    except ValueError:
        return False
    if max(abs(float(np.max(np.abs(t)))) for t in v) > 1e3:
        return False
    if any(np.max(np.abs(d)) > 1e2 for d in local.values()):
        return False
    for i, node in enumerate(m.nodes):
        args = [v[a] for a in node.args]
        if node.op in ("relu", "sqrt", "log") and np.min(
                np.abs(args[0])) < 1e-2:
            return False
        if node.op == "/" and np.min(np.abs(args[1])) < 0.1:
            return False
        if node.op == "**" and np.min(np.abs(args[0])) < 1e-2:
            return False
    return True


def rounding(m, x, y, params):
    """How far float64 rounding can move a gradient that cancels to 0:
    a few ulps of the largest term summed into it, grad times local."""
    _, grads, local = m.gradients(x, y, **params)
    big = max(float(np.max(np.abs(g))) for g in grads)
    steep = max([float(np.max(np.abs(d))) for d in local.values()] + [1])
    return 1e-13 * (1 + big) * steep


def agree(a, b, rel, floor):
    """|a - b| within rel of the larger, or within the rounding floor."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    return bool(np.all(np.abs(a - b) <= rel * np.maximum(
        np.abs(a), np.abs(b)) + floor))


@checks
@given(expression, st.data())
def test_manual_equals_torch(text, data):
    m = Model(text)
    x, y, params = point(m, data.draw)
    assume(conditioned(m, x, y, params))
    manual, torch = m.manual_backward(x, y, **params), m.torch_backward(
        x, y, **params)
    floor = rounding(m, x, y, params)
    for a, b in zip(manual, torch):
        assert agree(a, b, 1e-9, floor), (text, x, y, params)


@checks
@given(expression, st.data())
def test_manual_equals_torch_on_batches(text, data):
    m = Model(text)
    x, y, params = point(m, data.draw)
    xs, ys = [x, data.draw(value)], [y, data.draw(value)]
    assume(conditioned(m, xs, ys, params))
    floor = rounding(m, xs, ys, params)
    for a, b in zip(m.manual_backward(xs, ys, **params),
                    m.torch_backward(xs, ys, **params)):
        assert agree(a, b, 1e-9, floor), (text, xs, ys, params)


@settings(max_examples=120, deadline=None)
@given(expression, st.data())
def test_sympy_agrees(text, data):
    m = Model(text)
    x, y, params = point(m, data.draw)
    assume(conditioned(m, x, y, params))
    manual = m.manual_backward(x, y, **params)
    floor = rounding(m, x, y, params)
    at = {sympy.Symbol(k, real=True): v
          for k, v in dict(x=x, y=y, **params).items()}
    for p, derivative in m.symbolic().items():
        exact = float(derivative.evalf(30, subs=at))
        assert agree(getattr(manual, p), exact, 1e-9, floor), (text, p)


@checks
@given(expression, st.data())
def test_numeric_within_1e5(text, data):
    m = Model(text)
    x, y, params = point(m, data.draw)
    assume(conditioned(m, x, y, params))
    manual = m.manual_backward(x, y, **params)
    numeric = m.numeric_backward(x, y, **params)
    for p, g in manual.asdict().items():
        n = getattr(numeric, p)
        assert abs(n - g) <= 1e-5 * max(abs(g), 1.0), (text, p, g, n)
