"""Drawing: SVG plots, graph diagrams and tagged numbers, as pure markup.

Nothing here imports ipywidgets: a picture is a string of HTML or SVG.
"""
