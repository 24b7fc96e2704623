"""The controls a view is wired to: sliders, choices, and one step
player for whatever evolves step by step."""
import math
import time

import ipywidgets as widgets
import traitlets

from ..example import EXAMPLE


def slider(name, value, lo=-5.0, hi=5.0, step=0.1, decimals=2):
    """A FloatSlider labelled with the symbol it sets."""
    return widgets.FloatSlider(
        value=value, min=lo, max=hi, step=step, description=name,
        readout_format=f".{decimals}f", continuous_update=True,
        style={"description_width": "3em"},
        layout=widgets.Layout(width="22em"))


def model_sliders(**values):
    """Sliders for x, y, w1, w2 and b, at the example's values by default."""
    return {name: slider(name, values.get(name, default))
            for name, default in EXAMPLE.items()}


def int_slider(name, value, lo, hi, step=1, label=None):
    """An IntSlider labelled with the symbol it sets (or `label`)."""
    label = label or name
    return widgets.IntSlider(
        value=value, min=lo, max=hi, step=step, description=label,
        style={"description_width": f"{max(3, len(label) * 0.6):.1f}em"},
        layout=widgets.Layout(width="22em"))


def log_slider(name, value, lo, hi):
    """A FloatLogSlider over powers of ten from 10**lo to 10**hi."""
    return widgets.FloatLogSlider(value, min=lo, max=hi, step=1,
                                  description=name, readout_format=".0e",
                                  style={"description_width": "3em"})


def choice(name, options):
    """A drop-down of `options`, the first chosen."""
    return widgets.Dropdown(options=list(options), description=name)


class StepPlayer(widgets.HBox):
    """One control for a count of steps: a Play (play, pause, stop), and
    as asked a step slider, +1 step and reset. Its value is the step.

    The browser runs the Play and sends each tick; a reset while it runs
    can cross a tick already on its way, which would undo the reset. So
    for a moment after such a reset, a tick is sent back to step 0.
    """

    value = traitlets.Int(0)
    STALE = 1.0  # seconds during which a tick after a reset is stale

    def __init__(self, steps, value=0, step=1, interval=100, slider=False,
                 buttons=False):
        self.min, self.max, self.step = 0, steps, step
        self.play = widgets.Play(value, 0, steps, step=step,
                                 interval=interval, show_repeat=False,
                                 description="step")
        parts, shown = [self.play], self.play
        if slider:  # the browser keeps Play and slider together
            self.slider = shown = int_slider("step", value, 0, steps, step)
            widgets.jslink((self.play, "value"), (self.slider, "value"))
            parts.insert(0, self.slider)
        if buttons:
            self.next = _button("+1 step", lambda: self.forward())
            self.reset = _button("reset", lambda: self.restart())
            parts += [self.next, self.reset]
        super().__init__(parts)
        self.value = value
        traitlets.link((shown, "value"), (self, "value"))
        self.play.observe(self._stale_tick, "value")
        self.reset_at = -math.inf  # when a running Play was last reset

    @property
    def description(self):
        return "step"

    def forward(self):
        """One step more (at most the last)."""
        self.reset_at = -math.inf
        self.value = min(self.value + self.step, self.max)

    def restart(self):
        """Stop playing and go back to step 0."""
        if self.play.playing:
            self.reset_at = time.monotonic()
        self.play.playing = False
        self.value = 0

    def _stale_tick(self, change):
        recent = time.monotonic() - self.reset_at < self.STALE
        if recent and change["new"] != 0 and not self.play.playing:
            self.value = 0


def _button(label, action):
    button = widgets.Button(description=label,
                            layout=widgets.Layout(width="6em"))
    button.on_click(lambda _: action())
    return button
