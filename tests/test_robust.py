"""Whatever the input: a finite answer or a clear error, never a silent
inf or nan, a hang or a foreign exception; the same in every path."""
import decimal
from fractions import Fraction

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import bplab
from bplab import descent, nn
from bplab.engine import Value, engine_backward

PATHS = [bplab.forward, bplab.manual_backward, bplab.torch_backward,
         bplab.numeric_backward, engine_backward, bplab.gradient_check]
GRADIENTS = [bplab.manual_backward, bplab.torch_backward,
             bplab.numeric_backward, engine_backward]
SEED = dict(x=1.0, y=2.0, w1=1.0, w2=2.0, b=2.0)
NAMES = ["x", "y", "w1", "w2", "b"]
X, Y = descent.make_data()
checks = settings(max_examples=150, deadline=None)

# Any float64 at all, huge and tiny included (not nan or inf: those are
# refused by name, tests/test_inputs.py).
anything = st.floats(allow_nan=False, allow_infinity=False)


def outcome(function, *args, **kwargs):
    """('ok', finite numbers) or ('error', the ValueError's message)."""
    try:
        result = function(*args, **kwargs)
    except ValueError as error:
        return "error", str(error)
    return "ok", result


def all_finite(result):
    """Every number in a result is finite."""
    if hasattr(result, "asdict"):
        return all(np.all(np.isfinite(v)) for v in result)
    if hasattr(result, "w1"):       # a gradient_check
        return all(np.isfinite(getattr(result, p).other)
                   for p in ("w1", "w2", "b"))
    return bool(np.all(np.isfinite(result)))


@checks
@given(anything, anything, anything, anything, anything)
def test_every_path_is_finite_or_a_value_error(x, y, w1, w2, b):
    for function in PATHS:
        kind, result = outcome(function, x, y, w1, w2, b)
        assert kind == "error" or all_finite(result), function.__name__


@checks
@given(anything, anything, anything, anything, anything)
def test_the_gradient_paths_fail_alike(x, y, w1, w2, b):
    """manual, torch, numeric and engine: errors for the same inputs,
    with the same message where the loss or dw1, dw2 overflow."""
    manual = outcome(bplab.manual_backward, x, y, w1, w2, b)
    for function in [bplab.torch_backward, engine_backward]:
        other = outcome(function, x, y, w1, w2, b)
        if manual[0] == "error":
            assert other == manual, function.__name__
        elif other[0] == "error":   # the engine also differentiates x
            assert function is engine_backward
            assert other[1].startswith(("dloss/dx", "dloss/dy"))
    numeric = outcome(bplab.numeric_backward, x, y, w1, w2, b)
    if manual[0] == "error" and "loss overflows" in manual[1]:
        assert numeric == manual


def test_the_issues_inf_is_an_error_in_every_path():
    want = outcome(bplab.manual_backward, 1e100, 0, 1e-60, 0, 0)
    assert want[0] == "error" and want[1].startswith("dloss/dw1 overflows")
    for function in GRADIENTS:
        assert outcome(function, 1e100, 0, 1e-60, 0, 0) == want


def test_value_backward_names_the_value_that_overflowed():
    a = Value(1e-300, label="a")
    out = a * 1e300 * 1e300             # 1e300, but d(out)/da = 1e600
    with pytest.raises(ValueError, match="gradient of a overflows"):
        out.backward()


# Bad values of every kind, named

HUGE = [10**400, Fraction(10**400, 3), decimal.Decimal("1e400"),
        np.longdouble("1e400") if np.finfo(np.longdouble).max > 1e308
        else 10**401]
NOT_REAL = [np.timedelta64(1, "s"), np.datetime64("2020"),
            np.complex128(1), np.array(1 + 1j), "1", None, True,
            np.bool_(True), torch.tensor(True), torch.tensor([1.0, 2.0]),
            object()]


@pytest.mark.parametrize("function", PATHS)
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("bad", HUGE, ids=repr)
def test_numbers_beyond_float64_are_a_value_error_naming_them(
        function, name, bad):
    with pytest.raises(ValueError, match=rf"^{name} is beyond float64"):
        function(**{**SEED, name: bad})


@pytest.mark.parametrize("function", PATHS)
@pytest.mark.parametrize("name", ["w1", "b"])
@pytest.mark.parametrize("bad", NOT_REAL, ids=repr)
def test_what_is_not_a_real_number_is_a_type_error_naming_it(
        function, name, bad):
    with pytest.raises(TypeError, match=rf"^{name} must be a real number"):
        function(**{**SEED, name: bad})


@pytest.mark.parametrize("good", [
    Fraction(1, 1), decimal.Decimal("1.0"), np.float16(1), np.int8(1),
    np.uint64(1), np.array(1.0), torch.tensor(1.0),
    torch.tensor(1, dtype=torch.int32), 1])
def test_every_kind_of_real_number_is_taken(good):
    for function in PATHS[:-1]:
        grads = function(**{**SEED, "w1": good})
        assert getattr(grads, "w1", 6.0) == pytest.approx(6.0, rel=1e-6)


@pytest.mark.parametrize("dtype", ["?", "c16", "O", "M8[s]", "m8[s]",
                                   "U3"])
def test_batches_of_every_dtype_that_is_not_real_are_named(dtype):
    bad = np.zeros(2, dtype=dtype) if dtype != "O" else np.array(
        [None, None])
    with pytest.raises(TypeError, match=r"^x must hold real numbers"):
        bplab.forward(bad, [1.0, 2.0], 1, 2, 2)


def test_batches_of_fractions_float16_and_tensors_are_taken():
    want = bplab.forward([0.5, 2.0], [1.0, 2.0], 1, 2, 2).loss
    for x in ([Fraction(1, 2), 2], np.array([0.5, 2], dtype=np.float16),
              torch.tensor([0.5, 2.0])):
        assert bplab.forward(x, [1.0, 2.0], 1, 2, 2).loss == want
    with pytest.raises(ValueError, match=r"x\[1\] is beyond float64"):
        bplab.forward([1, 10**400], [1.0, 2.0], 1, 2, 2)


def test_engine_values_take_the_same_numbers():
    assert Value(Fraction(1, 2)).data == 0.5
    with pytest.raises(ValueError, match="data is beyond float64"):
        Value(10**400)
    with pytest.raises(TypeError, match="data must be a real number"):
        Value(np.timedelta64(3))


@pytest.mark.parametrize("h, error", [
    (10**400, ValueError), (np.timedelta64(1), TypeError),
    (0, ValueError), (5e-324, ValueError), (1e-300, ValueError)])
def test_h_gets_a_clear_error(h, error):
    with pytest.raises(error, match=r"^h|h="):
        bplab.numeric_backward(**SEED, h=h)


# Bounded work

@pytest.mark.parametrize("call", [
    lambda: descent.train_manual(X, Y, 1, 2, 2, 0.1, 10**8),
    lambda: descent.train_sgd(X, Y, 1, 2, 2, 0.1, 10**8),
    lambda: descent.Descent(X, Y, 1, 2, 2, 0.1).at(10**8),
    lambda: descent.make_data(n=10**12),
    lambda: nn.train(X, Y, 8, 0.1, 10**8),
    lambda: nn.init(10**6),
    lambda: bplab.forward(np.zeros(10**6 + 1), np.zeros(10**6 + 1),
                          1, 2, 2)], ids=["train_manual", "train_sgd",
                                          "Descent.at", "make_data",
                                          "nn.train", "nn.init", "batch"])
def test_work_past_its_bound_is_a_value_error(call):
    with pytest.raises(ValueError, match="must be|at most"):
        call()


@pytest.mark.parametrize("scale", [1e160, 1e100, 1e60, 1e-300])
def test_best_fit_and_stable_lr_never_hang_nor_return_nan(scale):
    for function, args in [(descent.best_fit, (X * scale, Y)),
                           (descent.stable_lr, (X * scale,)),
                           (descent.curvature, (X * scale,))]:
        kind, result = outcome(function, *args)
        if kind == "ok":
            values = result.values() if isinstance(result, dict) else [
                result]
            assert all(np.isfinite(v) for v in values)
        else:
            assert "overflows float64" in result


@checks
@given(st.floats(1e-100, 1e100), st.sampled_from([-1, 1]),
       st.floats(-1e6, 1e6))
def test_best_fit_is_the_same_parabola_at_any_scale(scale, sign, shift):
    """x scaled by s: w1 / s**2, w2 / s and b + shift fit as well."""
    base = descent.best_fit(X, Y + shift)
    w = descent.best_fit(X * scale * sign, Y + shift)
    assert w["w1"] * scale**2 == pytest.approx(base["w1"], rel=1e-6)
    assert w["w2"] * scale * sign == pytest.approx(base["w2"], rel=1e-6)
    assert w["b"] == pytest.approx(base["b"], rel=1e-6)


# The network

@checks
@given(st.floats(-1e300, 1e300), st.floats(0, 1e300), st.integers(1, 8))
def test_nn_is_finite_or_a_value_error(scale, reg, hidden):
    params = nn.init(hidden)
    for function in (nn.loss_and_grads, nn.torch_grads):
        kind, result = outcome(function, params, X, Y * scale, reg)
        if kind == "ok":
            loss, grads = result
            assert np.isfinite(loss)
            assert all(np.all(np.isfinite(g)) for g in grads.values())
        else:
            assert "overflows float64" in result


@pytest.mark.parametrize("change, message", [
    (dict(reg=float("nan")), "reg must be finite"),
    (dict(reg=-1.0), "reg must be >= 0"),
    (dict(W1=np.full((1, 4), np.nan)), r"params\['W1'\] must be finite"),
    (dict(W2=np.zeros((3, 1))), r"params\['W2'\] has shape"),
    (dict(b1=np.array(["a"] * 4)), r"params\['b1'\] must hold real")])
def test_nn_bad_weights_and_reg_are_named(change, message):
    params = nn.init(4)
    reg = change.pop("reg", nn.REG)
    params.update(change)
    error = TypeError if "real" in message else ValueError
    with pytest.raises(error, match=message):
        nn.loss_and_grads(params, X, Y, reg)


def test_nn_train_on_huge_data_is_an_error_not_an_empty_history():
    with pytest.raises(ValueError, match="overflows float64"):
        nn.train(X, Y * 1e300, 8, 0.1, 10)


def test_descent_and_nn_diverge_by_the_same_rule():
    run = nn.train(X, Y, 32, 0.5, 300)
    assert run.diverged
    first = run.losses[0]
    assert not any(descent.blew_up(l, descent.limit(first))
                   for l in run.losses)
    params = run.params[-1]
    grads = nn.loss_and_grads(params, X, Y)[1]
    after = {k: params[k] - 0.5 * grads[k] for k in nn.PARAMS}
    kind, result = outcome(nn.loss_and_grads, after, X, Y)
    assert kind == "error" or descent.blew_up(result[0],
                                              descent.limit(first))


@checks
@given(st.integers(1, 12), st.integers(0, 50))
def test_the_network_check_calls_right_gradients_right(hidden, seed):
    checked = nn.gradient_check(nn.init(hidden, seed), X, Y)
    assert all(a.verdict != "wrong" for a in checked.values())


def test_the_network_check_calls_the_dropped_share_wrong():
    params = nn.init(8)
    grads = nn.loss_and_grads(params, X, Y, reg=0.1)[1]
    slip = {**grads, "W1": grads["W1"] - 0.2 * params["W1"]}
    checked = nn.gradient_check(params, X, Y, reg=0.1, manual=slip)
    assert checked["W1"].verdict == "wrong"
    assert nn.gradient_check(params, X, Y, reg=0.1)["W1"].verdict == \
        "right"
