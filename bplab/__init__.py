"""bplab: backpropagation you can see, on one running example.

    y_hat = w1*x**2 + w2*x + b,   r = y_hat - y,   loss = r**2
"""
from .model import forward, manual_backward
from .numeric import numeric_backward, rel_error
from .i18n import set_language
from .results import Forward, Gradients
from .torch_grad import torch_backward

__all__ = ["forward", "manual_backward", "torch_backward",
           "numeric_backward", "rel_error", "Forward", "Gradients",
           "set_language"]
__version__ = "0.1.0"
