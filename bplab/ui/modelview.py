"""A live view of a model the learner types: sliders follow its parameters.

    ModelView(view, examples)   # view(expression, x, y, **parameters)

A LiveView whose first control is a text box for the expression, with a
dropdown of examples. Each time the text names other parameters, the
sliders are made anew (those whose names stay keep their values); a text
that does not parse leaves the sliders as they were and the view says why.
"""
import ipywidgets as widgets

from ..example import EXAMPLE
from ..model import Model
from .controls import slider
from .liveview import LiveView


class ModelView(LiveView):
    """The expression, its examples and sliders; the view's HTML below."""

    def __init__(self, view, examples, expression=None):
        first = expression or next(iter(examples.values()))
        self.text = widgets.Text(
            value=first, description="y_hat =", continuous_update=False,
            layout=widgets.Layout(width="30em"),
            style={"description_width": "4em"})
        self.examples = widgets.Dropdown(
            options=[("examples…", "")] + [
                (f"{name}: {text}", text) for name, text in
                examples.items()], value="", description="pick",
            layout=widgets.Layout(width="26em"),
            style={"description_width": "3em"})
        self.examples.observe(self._pick, "value")
        controls = {"expression": self.text,
                    **_sliders(Model(first).parameters, {})}
        super().__init__(view, controls)
        self._show()

    @property
    def sliders(self):
        """{name: slider} for x, y and the model's parameters."""
        return {k: c for k, c in self.controls.items()
                if isinstance(c, widgets.FloatSlider)}

    def values(self):
        """The expression and every slider's value, by name."""
        return {"expression": self.text.value,
                **{name: s.value for name, s in self.sliders.items()}}

    def set(self, expression=None, **values):
        """Type an expression and move sliders, as a learner would."""
        if expression is not None:
            self._holding = True
            self.text.value = expression
            self._holding = False
            self._follow(expression)
        super().set(**values)

    def update(self, change=None):
        """Sliders for the current text, then the view redrawn."""
        if not self._holding and hasattr(self, "text"):
            self._follow(self.text.value)
        super().update(change)

    def _follow(self, expression):
        """Make sliders for x, y and the parameters of `expression`."""
        try:
            parameters = Model(expression).parameters
        except (TypeError, ValueError):
            return                  # the sliders stay; the view says why
        if list(self.sliders) == ["x", "y", *parameters]:
            return
        old = {name: s.value for name, s in self.sliders.items()}
        for control in self.sliders.values():
            control.unobserve(self.update, "value")
        made = _sliders(parameters, old)
        for control in made.values():
            control.observe(self.update, "value")
        self.controls = {"expression": self.text, **made}
        self._show()

    def _show(self):
        """The text box, the examples, then the sliders, in one row."""
        self.children[0].children = [self.text, self.examples,
                                     *self.sliders.values()]

    def _pick(self, change):
        if change["new"]:
            self.text.value = change["new"]
            self.examples.value = ""


def _sliders(parameters, old):
    """Sliders for x, y and `parameters`: old values, else the running
    example's, else 1."""
    return {name: slider(name, old.get(name, EXAMPLE.get(name, 1.0)))
            for name in ("x", "y", *parameters)}
