"""Notebook 4, gradient descent: its views and exercises."""
