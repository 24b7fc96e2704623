"""The running example's starting point, as in the blog post:

    y_hat = w1*x**2 + w2*x + b,   r = y_hat - y,   loss = r**2

At these values y_hat = 5, r = 3, loss = 9 and every gradient is 6.
"""
EXAMPLE = dict(x=1.0, y=2.0, w1=1.0, w2=2.0, b=2.0)
