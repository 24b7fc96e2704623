"""Sliders wired to a view: a plain function from slider values to HTML.

The view function does all the work and a test can call it directly; the
widget only passes the slider values in and shows the HTML that comes out.
Where widgets don't run (GitHub, nbviewer) the same HTML of the default
state is in the output, so the picture is still there.
"""
import numbers

import ipywidgets as widgets

from . import share
from ..i18n import _


class LiveView(widgets.VBox):
    """Controls above, the view's HTML below, redrawn on every change."""

    def __init__(self, view, controls, summary=None):
        self.view, self.controls, self.summary = view, controls, summary
        self.picture = widgets.HTML(layout=widgets.Layout(width="auto"))
        box = widgets.Box(list(controls.values()), layout=widgets.Layout(
            display="flex", flex_flow="row wrap"))
        shared = _share_widgets()
        self.share_text, self.share_button, self.share_message = shared
        self.share_button.on_click(lambda button: self.restore())
        super().__init__([box, self.picture, widgets.HBox(shared)])
        self.add_class("bplab-view")
        self._bounds = {name: (c.min, c.max) for name, c in
                        controls.items() if _bounded(c)}
        self._ranges = {name: _range(controls[name]) for name in
                        self._bounds}
        for name, control in controls.items():
            control.observe(self.update, "value")
            if name in self._bounds and control.has_trait("max"):
                control.observe(self._keep_bounds, ["min", "max"])
        self.update()

    def _keep_bounds(self, change):
        """Undo a range the page widened (any client can send one): the
        control's own check then brings its value back in range."""
        name = next(n for n, c in self.controls.items()
                    if c is change["owner"])
        lo, hi = self._bounds[name]
        change["owner"].set_state({"min": lo, "max": hi})

    def values(self):
        """The current value of every control, by name, in its range."""
        return {name: self._within(name, c.value) for name, c in
                self.controls.items() if hasattr(c, "value")}

    def _within(self, name, value):
        """`value` brought into the range control `name` was made with."""
        if name not in self._ranges or not _number(value):
            return value
        lo, hi = self._ranges[name]
        return min(max(value, lo), hi)

    def _bring_back(self):
        """Move a control that got outside its range (a widened page
        control sent it there) back to the range's end."""
        self._holding = True
        try:
            for name, value in self.values().items():
                if value != self.controls[name].value:
                    self.controls[name].value = value
        finally:
            self._holding = False

    def set(self, **values):
        """Move controls as a learner would; the view follows."""
        self._holding = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._holding = False
        self.update()

    _holding = False
    _ranges = {}

    def update(self, change=None):
        """Redraw from the current values (once per `set`, not per control)."""
        if not self._holding:
            self._bring_back()
            self.picture.value = self.view(**self.values())
            self.share_text.value = self.shared()
            if self.share_text.value != self._said_at:
                self.share_message.value = ""  # the message is out of date

    def shared(self):
        """The current numbers as a short text, e.g. to paste in a forum."""
        return share.dumps({name: value for name, value in
                            self.values().items() if _number(value)})

    def restore(self, text=None):
        """Move the controls to a shared text's values (the share box's
        text by default); a bad text leaves them and says why."""
        text = self.share_text.value if text is None else text
        ranges = {name: _range(self.controls[name]) for name, value in
                  self.values().items() if _number(value)}
        try:
            values = share.loads(text, ranges)
        except (TypeError, ValueError) as error:
            return self._say(f"✗ {error}")
        self.set(**values)
        return self._say(_("✓ restored"))

    _said_at = None

    def _say(self, message):
        """Show `message` until the values move away from the current."""
        self._said_at = self.shared()
        self.share_message.value = message
        return message

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/html"] = self.picture.value
        values = ", ".join(f"{k}={v}" for k, v in self.values().items())
        bundle["text/plain"] = self.summary(**self.values()) if (
            self.summary) else f"{type(self).__name__}({values})"
        return bundle


def _number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _bounded(control):
    """Whether a control has a range its value is kept in."""
    return hasattr(control, "min") and hasattr(control, "max")


def _range(control):
    """(lo, hi) a control accepts, or None where it has no range."""
    if not hasattr(control, "min") or not hasattr(control, "max"):
        return None
    if isinstance(control, widgets.FloatLogSlider):
        return control.base ** control.min, control.base ** control.max
    return control.min, control.max


def _share_widgets():
    """A text box for the shared values, its restore button, a message."""
    text = widgets.Text(description="share", placeholder="bplab:x=1,...",
                        style={"description_width": "3em"},
                        layout=widgets.Layout(width="28em"))
    button = widgets.Button(
        description="restore", tooltip=_(
            "move the sliders to the values in the share box"),
        layout=widgets.Layout(width="6em"))
    return text, button, widgets.Label()
