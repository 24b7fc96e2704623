"""Notebook 1, 正向传播 forward propagation: its views and exercises."""
