"""Sliders wired to a view: a plain function from slider values to HTML.

The view function does all the work and a test can call it directly; the
widget only passes the slider values in and shows the HTML that comes out.
Where widgets don't run (GitHub, nbviewer) the same HTML of the default
state is in the output, so the picture is still there.
"""
import ipywidgets as widgets

SEED = dict(x=1.0, y=2.0, w1=1.0, w2=2.0, b=2.0)


def slider(name, value, lo=-5.0, hi=5.0, step=0.1, decimals=2):
    """A FloatSlider labelled with the symbol it sets."""
    return widgets.FloatSlider(
        value=value, min=lo, max=hi, step=step, description=name,
        readout_format=f".{decimals}f", continuous_update=True,
        style={"description_width": "3em"},
        layout=widgets.Layout(width="22em"))


def model_sliders(**values):
    """Sliders for x, y, w1, w2 and b, at the seed's values by default."""
    return {name: slider(name, values.get(name, default))
            for name, default in SEED.items()}


class LiveView(widgets.VBox):
    """Controls above, the view's HTML below, redrawn on every change."""

    def __init__(self, view, controls, summary=None):
        self.view, self.controls, self.summary = view, controls, summary
        self.picture = widgets.HTML(layout=widgets.Layout(width="auto"))
        box = widgets.Box(list(controls.values()), layout=widgets.Layout(
            display="flex", flex_flow="row wrap"))
        super().__init__([box, self.picture])
        self.add_class("bplab-view")
        for control in controls.values():
            control.observe(self.update, "value")
        self.update()

    def values(self):
        """The current value of every control, by name."""
        return {name: c.value for name, c in self.controls.items()
                if hasattr(c, "value")}

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

    def update(self, change=None):
        """Redraw from the current values (once per `set`, not per control)."""
        if not self._holding:
            self.picture.value = self.view(**self.values())

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/html"] = self.picture.value
        values = ", ".join(f"{k}={v}" for k, v in self.values().items())
        bundle["text/plain"] = self.summary(**self.values()) if (
            self.summary) else f"{type(self).__name__}({values})"
        return bundle
