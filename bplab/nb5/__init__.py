"""Notebook 5, building our own autograd: its views and exercises."""
