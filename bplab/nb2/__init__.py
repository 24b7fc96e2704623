"""Notebook 2, 反向传播 backpropagation by hand: its views and exercises."""
