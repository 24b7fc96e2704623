"""The one step player of notebooks 2, 4 and 6, and the other controls."""
from bplab.ui import controls
from bplab.ui.controls import StepPlayer, choice, int_slider, log_slider
from bplab.ui.liveview import LiveView


def shown(**values):
    return ",".join(f"{k}={v}" for k, v in values.items())


def test_the_value_is_the_plays_or_the_sliders():
    bare = StepPlayer(10)
    bare.play.value = 4                        # a tick from the browser
    assert bare.value == 4
    bare.value = 2                             # set from the kernel
    assert bare.play.value == 2
    steps = StepPlayer(10, slider=True)        # Play and slider are
    steps.slider.value = 7                     # linked in the browser,
    assert steps.value == 7                    # so the kernel follows
    steps.value = 2                            # the slider alone: no echo
    assert steps.slider.value == 2             # races a learner's keys


def test_a_live_view_sees_one_step_control_with_its_range():
    live = LiveView(shown, {"step": StepPlayer(10, 3, buttons=True)})
    assert live.picture.value == "step=3"
    live.controls["step"].next.click()
    assert live.picture.value == "step=4"
    assert live.restore("bplab:step=11").startswith("✗ step=11 is outside")
    assert live.restore("bplab:step=9") == "✓ restored"
    live.controls["step"].reset.click()
    assert live.picture.value == "step=0"


def test_plus_one_moves_by_the_players_step():
    steps = StepPlayer(300, 290, step=5, buttons=True)
    steps.forward()
    assert steps.value == 295
    steps.forward()
    steps.forward()
    assert steps.value == 300


def test_parts_are_there_only_when_asked():
    bare = StepPlayer(5)
    assert bare.children == (bare.play,)
    full = StepPlayer(5, slider=True, buttons=True)
    assert full.children == (full.slider, full.play, full.next, full.reset)
    assert [full.next.description, full.reset.description] == [
        "+1 step", "reset"]


def test_the_other_controls_are_labelled_with_their_symbol():
    assert int_slider("hidden", 8, 1, 64, label="hidden size").description \
        == "hidden size"
    h = log_slider("h", 1e-5, -10, 0)
    assert (h.description, h.value, h.min, h.max) == ("h", 1e-5, -10, 0)
    pick = choice("formula", {"a": 1, "b": 2})
    assert (pick.description, pick.value) == ("formula", "a")


def test_a_tick_crossing_a_reset_is_sent_back_to_step_0():
    steps = StepPlayer(100)
    steps.play.playing, steps.play.value = True, 13  # running in a browser
    steps.restart()
    assert (steps.play.playing, steps.play.value) == (False, 0)
    steps.play.value = 14  # the browser's tick, sent before it stopped
    assert steps.play.value == 0


def test_after_a_reset_at_rest_the_step_moves_freely():
    steps = StepPlayer(100, 7)
    steps.restart()
    steps.play.value = 5  # e.g. restored from a shared text
    assert steps.play.value == 5


def test_a_tick_long_after_a_reset_counts(monkeypatch):
    steps = StepPlayer(100)
    steps.play.playing, steps.play.value = True, 13
    steps.restart()
    later = controls.time.monotonic() + 2 * StepPlayer.STALE
    monkeypatch.setattr(controls.time, "monotonic", lambda: later)
    steps.play.value = 4
    assert steps.play.value == 4


def test_plus_one_step_stops_at_the_last_step():
    steps = StepPlayer(100, 99, buttons=True)
    steps.forward()
    steps.forward()
    assert steps.play.value == 100
