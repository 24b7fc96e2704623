"""Widgets: live views, their controls and the share box.

The only layer that imports ipywidgets; it wires controls to view
functions, which stay plain functions of the control values.
"""
