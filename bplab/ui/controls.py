"""The controls a view is wired to: sliders for the running example."""
import ipywidgets as widgets

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
