"""Notebook 3, checking with PyTorch autograd: its views and exercises."""
