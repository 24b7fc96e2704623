"""Solutions to notebook 2's exercises (for teachers; not for learners)."""


def grad_w1(x, y, w1, w2, b):
    """dloss/dw1 = dloss/dr * dr/dy_hat * dy_hat/dw1 = 2r * 1 * x**2."""
    r = w1 * x**2 + w2 * x + b - y
    return 2 * r * x**2


def grads(x, y, w1, w2, b):
    """All three share dloss/dy_hat = 2r; each has its own last factor."""
    r = w1 * x**2 + w2 * x + b - y
    dy_hat = 2 * r
    return dy_hat * x**2, dy_hat * x, dy_hat * 1


def numeric_grad_w1(x, y, w1, w2, b, h):
    """Nudge w1 both ways and watch the loss move."""
    def loss(w1):
        return (w1 * x**2 + w2 * x + b - y) ** 2
    return (loss(w1 + h) - loss(w1 - h)) / (2 * h)
