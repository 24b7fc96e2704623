"""Notebook 7, your own model: its views and exercises."""
