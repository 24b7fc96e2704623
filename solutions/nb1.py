"""Solutions to notebook 1's exercises (for teachers; not for learners)."""


def y_hat(x, w1, w2, b):
    """The model's prediction: a parabola in x."""
    return w1 * x**2 + w2 * x + b


def loss(x, y, w1, w2, b):
    """The squared residual."""
    r = w1 * x**2 + w2 * x + b - y
    return r**2


# y_hat = 1 * 1**2 + 2 * 1 + b = 3 + b must equal y = 2.
b_for_zero_loss = -1.0
