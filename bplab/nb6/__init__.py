"""Notebook 6, from one neuron to a network: its views and exercises."""
