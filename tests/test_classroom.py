"""Ready for a classroom: CI workflow, Binder/Colab launch, lecture mode,
the teacher's guide and shareable slider values."""
import re
import subprocess
import sys
from pathlib import Path

import ipywidgets as widgets
import pytest

from bplab import share
from bplab.widgets import LiveView, model_sliders

ROOT = Path(__file__).resolve().parents[1]

# -- shareable state --------------------------------------------------------

SEED_TEXT = "bplab:x=1,y=2,w1=1,w2=2,b=2"
NAMES = ["x", "y", "w1", "w2", "b"]


def test_dumps_gives_the_short_text_of_the_seed():
    values = dict(x=1.0, y=2.0, w1=1.0, w2=2.0, b=2.0)
    assert share.dumps(values) == SEED_TEXT
    assert share.dumps(dict(x=1.5, y=-0.1, w1=0.30000000000000004,
                            w2=-0.0, b=3, step=7)) == (
        "bplab:x=1.5,y=-0.1,w1=0.3,w2=0,b=3,step=7")


@pytest.mark.parametrize("values", [
    dict(x=1.5, y=2.0, w1=1.0, w2=2.0, b=2.0),
    dict(x=-4.9, y=0.0, w1=0.1, w2=-3.3, b=5.0),
    dict(x=0.123456789, y=-2.5e-3, w1=1e3, w2=-7.0, b=0.5),
])
def test_loads_gives_back_what_dumps_wrote(values):
    assert share.loads(share.dumps(values), NAMES) == values


def test_loads_forgives_spaces_quotes_and_a_missing_prefix():
    want = dict(x=1.5, y=2.0, w1=1.0, w2=2.0, b=2.0)
    for text in ["  bplab:x=1.5, y=2 ,w1=1,w2=2,b=2\n",
                 "`bplab:x=1.5,y=2,w1=1,w2=2,b=2`",
                 "b=2,w2=2,w1=1,y=2,x=1.5"]:
        got = share.loads(text, NAMES)
        assert got == want and list(got) == NAMES


RANGES = {name: (-5.0, 5.0) for name in NAMES}


@pytest.mark.parametrize("text, message", [
    ("", "the text is empty"),
    ("bplab:", "the text is empty"),
    ("bplab:x=1,y=2,w1=1,w2=2,b=2,z=3", "unknown name 'z'"),
    ("bplab:x=1,y=2,w1=1,w2=2", "missing a value for b"),
    ("bplab:x=1,y=2,w1=1,w2=2,b=", "b has no value"),
    ("bplab:x=1,y=2,w1=one,w2=2,b=2", "w1 must be a number, got 'one'"),
    ("bplab:x=1,y=2,w1=1,w2=nan,b=2", "w2 must be finite"),
    ("bplab:x=9,y=2,w1=1,w2=2,b=2", "x=9 is outside the x slider's range"),
    ("bplab:x=1,y=2,w1=1,w2=2,b=2,x=1", "x is given twice"),
    ("bplab:x=1;y=2", "x must be a number"),
    ("hello", "'hello' is not of the form name=value"),
])
def test_bad_text_gets_a_value_error_that_says_what_is_wrong(
        text, message):
    with pytest.raises(ValueError) as error:
        share.loads(text, RANGES)
    assert message in str(error.value)


def test_int_bounds_ask_for_whole_numbers():
    assert share.loads("step=3", {"step": (0, 10)}) == {"step": 3}
    with pytest.raises(ValueError, match="step must be a whole number"):
        share.loads("step=2.5", {"step": (0, 10)})


def test_dumps_refuses_what_it_could_not_read_back():
    with pytest.raises(TypeError, match="x must be a real number"):
        share.dumps({"x": "1"})
    with pytest.raises(ValueError, match="y must be finite"):
        share.dumps({"y": float("inf")})
    with pytest.raises(ValueError, match="not a valid name"):
        share.dumps({"a b": 1.0})
    with pytest.raises(TypeError, match="must be a str"):
        share.loads(None, NAMES)


def seen(**values):
    """A stand-in view: shows the values it was called with."""
    return ",".join(f"{k}={v}" for k, v in values.items())


def live_view():
    controls = {**model_sliders(),
                "step": widgets.IntSlider(0, min=0, max=20),
                "show": widgets.Checkbox(True, description="show")}
    return LiveView(seen, controls)


def test_the_share_box_shows_the_current_values_as_a_short_text():
    view = live_view()
    assert view.share_text.value == SEED_TEXT + ",step=0"
    view.set(x=-1.5, step=3)
    assert view.share_text.value == (
        "bplab:x=-1.5,y=2,w1=1,w2=2,b=2,step=3")
    assert view.share_text in view.children[-1].children
    assert view.share_button in view.children[-1].children


def test_pasting_a_text_and_pressing_restore_moves_the_sliders():
    view, other = live_view(), live_view()
    view.set(x=-1.5, y=0.3, w1=4.2, w2=-2.0, b=0.0, step=7)
    other.share_text.value = view.share_text.value
    other.share_button.click()
    assert other.values() == view.values()
    assert other.picture.value == view.picture.value
    assert other.share_message.value == "✓ restored"


@pytest.mark.parametrize("text, message", [
    ("bplab:x=1,y=2,w1=1,w2=2,b=2,step=1,show=1",
     "unknown name 'show'"),
    ("bplab:x=1,y=2,w1=1,w2=2,b=2,step=2.5",
     "step must be a whole number"),
    ("bplab:x=1,y=2,w1=1,w2=2,b=-6,step=2",
     "b=-6 is outside the b slider's range -5 to 5"),
    ("please help", "is not of the form name=value"),
])
def test_bad_text_is_a_message_in_the_widget_not_an_exception(
        text, message):
    view = live_view()
    view.set(w1=3.0)
    before = view.values(), view.picture.value
    view.share_text.value = text
    view.share_button.click()
    assert message in view.share_message.value
    assert view.share_message.value.startswith("✗")
    assert (view.values(), view.picture.value) == before
    view.set(x=0.5)
    assert view.share_message.value == ""
