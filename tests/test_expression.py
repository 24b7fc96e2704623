"""The parser of a model's text: the grammar passes, nothing else does."""
import ast
import builtins

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bplab import Model
from bplab.expression import FUNCTIONS, MAX_LENGTH, parse


def texts(expression):
    return [n.text for n in parse(expression)]


def test_the_running_example_parses_to_its_graph():
    assert texts("w1*x**2 + w2*x + b") == [
        "w1", "x", "2", "x**2", "w1*x**2", "w2", "w2*x", "w1*x**2 + w2*x",
        "b", "w1*x**2 + w2*x + b"]


def test_equal_parts_are_one_node():
    nodes = parse("x*w + sin(x*w)")
    assert [n.text for n in nodes].count("x*w") == 1
    assert nodes[-1].op == "+" and len(nodes) == 5


@pytest.mark.parametrize("text,shown", [
    ("(a-b)-(c-d)", "a - b - (c - d)"), ("-x**2", "-x**2"),
    ("(-x)**2", "(-x)**2"), ("x**-1", "x**(-1)"), ("(x**2)**3", "(x**2)**3"),
    ("x**2**3", "x**2**3"), ("--x", "-(-x)"), ("a/(b*c)", "a/(b*c)"),
    ("a*b/c", "a*b/c"), ("+x", "x"), ("1e5*x", "100000*x"),
    ("0.5*x", "0.5*x"), ("sigmoid(  w *x)", "sigmoid(w*x)")])
def test_texts_are_written_back_with_the_brackets_they_need(text, shown):
    assert parse(text)[-1].text == shown
    assert texts(shown)[-1] == shown        # and read back the same


@pytest.mark.parametrize("function", FUNCTIONS)
def test_every_function_of_the_grammar(function):
    assert parse(f"{function}(w*x)")[-1].op == function


@pytest.mark.parametrize("text,piece", [
    ("", "empty"), ("   ", "empty"),
    ("x +", "cannot read 'x \\+'"), ("x; w", "cannot read"),
    ("x.real", "'x.real'.*attribute access"),
    ("a[0]", "'a\\[0\\]'.*subscript"),
    ("foo(x)", "unknown function 'foo'"),
    ("sin(x, w)", "sin takes exactly one argument, got 2"),
    ("exp()", "exp takes exactly one argument, got 0"),
    ("tanh(x=1)", "tanh takes exactly one argument"),
    ("sqrt(*a)", "sqrt takes exactly one"),
    ("w*x + y", "'y' may not appear"), ("sin + x", "'sin' is a function"),
    ("1e999*x", "'1e999' is not finite"), ("1j*x", "'1j' is not a real"),
    ("True*x", "'True' is not a real"), ("'a'*x", "is not a real"),
    ("x if w else b", "if/else"), ("x == w", "comparison"),
    ("x and w", "and/or"), ("lambda: x", "lambda"),
    ("x % w", "'x % w' is not part of the grammar"),
    ("x // w", "'x // w'"), ("~x", "'~x'"), ("[x]", "'\\[x\\]'"),
    ("(x, w)", "'\\(x, w\\)'"), ("x @ w", "'x @ w'"),
    ("(w).__class__", "attribute access"),
    ("__import__('os')", "unknown function '__import__'"),
    ("_w*x", "'_w' is not a parameter name"),
    ("r*x", "'r' may not appear"), ("h*x", "'h' may not appear"),
    ("x\0", "null bytes"), ("f'{x}'", "is not part of the grammar"),
    ("x > 0", "comparison"), ("(w := 2)", "NamedExpr"),
])
def test_bad_texts_are_errors_that_name_the_piece(text, piece):
    with pytest.raises(ValueError, match=piece):
        Model(text)


@pytest.mark.parametrize("text", [None, 3, b"x", ["x"]])
def test_a_model_must_be_text(text):
    with pytest.raises(TypeError, match="must be text"):
        Model(text)


def test_too_long_is_an_error():
    Model("+".join(["w*x"] * 50))               # 199 characters
    with pytest.raises(ValueError, match=f"at most {MAX_LENGTH}"):
        Model("x" + "+x" * 100)


@pytest.mark.parametrize("text", [
    "-" * 199 + "x", "(" * 99 + "x" + ")" * 99, "sin(" * 39 + "x" + ")" * 39,
    "x" + "**x" * 66, "w" + "+x" * 99])
def test_no_text_hangs_or_hits_the_recursion_limit(text):
    assert len(text) <= MAX_LENGTH
    try:
        m = Model(text)
    except ValueError as error:
        assert "nests deeper" in str(error) or "cannot read" in str(error)
        return
    params = dict.fromkeys(m.parameters, 0.5)
    m.manual_backward(0.5, 1.0, **params)
    m.symbolic()


def test_constant_powers_are_not_evaluated_while_parsing():
    m = Model("2**2**2**99*w + x")              # an int would never end
    assert m.parameters == ("w",)
    with pytest.raises(ValueError, match=r"'2\*\*2\*\*99'.*overflows"):
        m.forward(1.0, 2.0, w=1.0)
    with pytest.raises(ValueError, match="not a finite float64"):
        m.symbolic()


def test_nothing_is_run(monkeypatch):
    """Parsing calls no eval or exec, and compile only to build a tree.

    (Model's result class is a dataclass, made with exec by dataclasses
    from names that parse() has checked to be plain identifiers.)"""
    compile_ = builtins.compile

    def refuse(*_):
        raise AssertionError("eval/exec called")

    def tree_only(source, filename, mode, flags=0, *args, **kw):
        assert flags & ast.PyCF_ONLY_AST, "compiled to code"
        return compile_(source, filename, mode, flags, *args, **kw)

    monkeypatch.setattr(builtins, "eval", refuse)
    monkeypatch.setattr(builtins, "exec", refuse)
    monkeypatch.setattr(builtins, "compile", tree_only)
    assert parse("a*tanh(w*x) + c")[-1].text == "a*tanh(w*x) + c"
    with pytest.raises(ValueError):
        parse("__import__('os').system('echo no')")
    monkeypatch.undo()


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_any_text_parses_or_is_a_value_error(text):
    try:
        Model(text)
    except ValueError as error:
        assert str(error)


grammarish = st.text(alphabet="xwab12.+-*/()e ,[]_sincotahqrlgpm",
                     max_size=80)


@settings(max_examples=500, deadline=None)
@given(grammarish)
def test_near_grammar_text_parses_or_is_a_value_error(text):
    try:
        m = Model(text)
    except ValueError as error:
        assert str(error)
    else:
        assert all(p.isidentifier() for p in m.parameters)
