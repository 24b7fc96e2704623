"""Bad input: a clear error that names the argument, for every entry."""
import subprocess
import sys

import numpy as np
import pytest

from bplab import (forward, manual_backward, numeric_backward,
                   torch_backward)

ALL = [forward, manual_backward, torch_backward, numeric_backward]
NAMES = ["x", "y", "w1", "w2", "b"]
SEED = dict(x=1.0, y=2.0, w1=1.0, w2=2.0, b=2.0)


@pytest.mark.parametrize("function", ALL)
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("bad", ["1.0", None, 1 + 2j, True, np.bool_(False)],
                         ids=["str", "None", "complex", "bool", "np.bool_"])
def test_wrong_types_raise_type_error(function, name, bad):
    with pytest.raises(TypeError, match=rf"^{name} must be a real number"):
        function(**{**SEED, name: bad})


@pytest.mark.parametrize("function", ALL)
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -np.inf])
def test_non_finite_values_raise_value_error(function, name, bad):
    with pytest.raises(ValueError, match=rf"^{name} must be finite"):
        function(**{**SEED, name: bad})


@pytest.mark.parametrize("function", ALL)
@pytest.mark.parametrize("name", ["x", "y"])
def test_bad_batches(function, name):
    other = "y" if name == "x" else "x"
    ok = {**SEED, other: [1.0, 2.0]}
    cases = [
        (ValueError, r"must be a number or 1-D, got 2-D",
         np.ones((2, 2))),
        (ValueError, r"is an empty batch", []),
        (ValueError, r"must be finite, \w+\[1\] is nan",
         [1.0, float("nan")]),
        (ValueError, r"must be finite, \w+\[0\] is inf",
         np.array([np.inf, 1.0])),
        (TypeError, r"must hold real numbers, it holds str", ["1", "2"]),
        (TypeError, r"must hold real numbers, it holds bool",
         [True, False]),
        (TypeError, r"must hold real numbers, it holds complex",
         [1j, 2.0]),
        (TypeError, r"must hold real numbers", [1.0, None]),
    ]
    for error, message, bad in cases:
        with pytest.raises(error, match=rf"^{name} {message}"):
            function(**{**ok, name: bad})


@pytest.mark.parametrize("function", ALL)
def test_x_and_y_must_match(function):
    with pytest.raises(ValueError, match="same length, got 2 and 3"):
        function(**{**SEED, "x": [1.0, 2.0], "y": [1.0, 2.0, 3.0]})
    with pytest.raises(ValueError, match="only x is a batch"):
        function(**{**SEED, "x": [1.0, 2.0]})
    with pytest.raises(ValueError, match="only y is a batch"):
        function(**{**SEED, "y": [1.0, 2.0]})


@pytest.mark.parametrize("function", ALL)
@pytest.mark.parametrize("name", ["w1", "w2", "b"])
def test_parameters_stay_scalars(function, name):
    with pytest.raises(TypeError, match=rf"^{name} must be a real number"):
        function(**{**SEED, name: [1.0, 2.0]})


@pytest.mark.parametrize("h", [0.0, -1e-5])
def test_h_must_be_positive(h):
    with pytest.raises(ValueError, match=r"^h must be > 0"):
        numeric_backward(**SEED, h=h)


@pytest.mark.parametrize("h,error", [(float("nan"), ValueError),
                                     ("1e-5", TypeError),
                                     ([1e-5], TypeError)])
def test_h_must_be_a_finite_number(h, error):
    with pytest.raises(error, match=r"^h must be"):
        numeric_backward(**SEED, h=h)


@pytest.mark.parametrize("function", ALL)
def test_overflow_is_an_error_not_a_silent_inf(function):
    with pytest.raises(ValueError, match="overflows float64"):
        function(**{**SEED, "x": 1e200})


def test_numbers_of_every_real_kind_are_accepted():
    for x in [1, 1.0, np.float32(1.0), np.int64(1), np.array(1.0)]:
        assert manual_backward(x, 2, 1, 2, 2).w1 == 6.0
    assert manual_backward((1, 2), np.array([2, 3]), 1, 2, 2).w1 == 31.0


def test_import_bplab_does_not_import_torch():
    code = ("import sys, bplab; bplab.manual_backward(1, 2, 1, 2, 2); "
            "assert 'torch' not in sys.modules; "
            "bplab.torch_backward(1, 2, 1, 2, 2); "
            "assert 'torch' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
