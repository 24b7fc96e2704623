"""bplab: backpropagation you can see, on one running example.

    y_hat = w1*x**2 + w2*x + b,   r = y_hat - y,   loss = r**2

and on any model typed as text: Model("a*tanh(w*x) + c").
"""
from .engine import Value
from .i18n import set_language
from .model import Model, forward, manual_backward
from .numeric import gradient_check, numeric_backward, rel_error
from .results import Forward, Gradients
from .torch_grad import torch_backward

__all__ = ["Model", "forward", "manual_backward", "torch_backward",
           "numeric_backward", "rel_error", "gradient_check", "Forward",
           "Gradients", "Value", "set_language"]
__version__ = "0.1.0"
