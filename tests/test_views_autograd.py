"""Notebook 3's view: manual, torch and numeric gradients, as bplab has
them, with the relative error and the right mark for each."""
import pytest

from bplab import (forward, manual_backward, numeric_backward, rel_error,
                   torch_backward)
from bplab.numeric import BAD, GOOD
from bplab.draw.markup import quantities
from bplab.nb3.views import check_view, check_widget, verdict

SEED = dict(x=1.0, y=2.0, w1=1.0, w2=2.0, b=2.0)
POINTS = [SEED, dict(x=-1.5, y=0.3, w1=0.5, w2=-2.0, b=3.0),
          dict(x=0.0, y=-4.0, w1=-3.0, w2=5.0, b=-5.0),
          dict(x=5.0, y=-5.0, w1=5.0, w2=5.0, b=5.0),
          dict(x=2.4, y=21.8, w1=2.0, w2=2.2, b=5.0)]
NAMES = ("w1", "w2", "b")


def test_seed_gives_six_three_ways_and_passes():
    html = check_view(**SEED)
    shown = quantities(html)
    assert (shown["y_hat"], shown["r"], shown["loss"]) == (5.0, 3.0, 9.0)
    for way in ("manual", "torch", "numeric"):
        for name in NAMES:
            assert shown[f"{way}.{name}"] == 6.0
    for name in NAMES:
        assert shown[f"rel_error.{name}"] <= GOOD
        assert f'class="pass" data-check="{name}">✓ pass' in html
    assert shown["GOOD"] == GOOD and shown["BAD"] == BAD


@pytest.mark.parametrize("point", POINTS)
def test_each_column_is_what_bplab_computes(point):
    shown = quantities(check_view(**point))
    out = forward(**point)
    for name in ("y_hat", "r", "loss"):
        assert shown[name] == pytest.approx(getattr(out, name), abs=5e-5)
    ways = {"manual": manual_backward(**point),
            "torch": torch_backward(**point),
            "numeric": numeric_backward(**point)}
    for way, grads in ways.items():
        for name in NAMES:
            assert shown[f"{way}.{name}"] == pytest.approx(
                getattr(grads, name), abs=5e-5), f"{way}.{name}"
    for name in NAMES:
        m, t, n = (getattr(ways[w], name) for w in ways)
        error = max(rel_error(m, t), rel_error(m, n))
        assert shown[f"rel_error.{name}"] == float(f"{error:.1e}")


@pytest.mark.parametrize("point", POINTS)
def test_right_gradients_never_fail(point):
    html = check_view(**point)
    assert 'class="fail"' not in html and 'class="unsure"' not in html
    assert html.count('class="pass"') == 3


def test_zero_gradients_are_not_judged_by_relative_error():
    point = dict(x=2.4, y=21.8, w1=2.0, w2=2.2, b=5.0)  # r = 0 up to 1e-15
    html = check_view(**point)
    assert abs(forward(**point).r) < 1e-12
    assert html.count("✓ all ≈ 0") == 3


@pytest.mark.parametrize("values, mark", [
    ((6.0, 6.0, 6.0 + 6e-10), "pass"), ((6.0, 6.0, 6.01), "unsure"),
    ((6.0, 12.0, 6.0), "fail"), ((6.0, 6.0, 7.0), "fail"),
    ((0.0, 0.0, 2e-14), "pass"), ((0.0, 0.0, 1e-6), "fail")])
def test_verdict_uses_good_and_bad(values, mark):
    assert verdict(*values)[1] == mark


def test_widget_follows_the_sliders():
    live = check_widget()
    assert live.values() == SEED
    assert live.picture.value == check_view(**SEED)
    live.set(x=-1.5, w1=0.5)
    assert live.picture.value == check_view(**dict(SEED, x=-1.5, w1=0.5))
    assert [c.description for c in live.controls.values()] == list(SEED)
