"""Checks for notebook 7's exercise: one gradient of a model of your own,
checked on several points, with the likely mistake named."""
from ..checks import Verdict, check
from ..model import Model

XS = (0.5, -1.2, 2.0, 0.9)
YS = (1.0, 0.3, -0.5, 2.5)
STARTS = (0.7, -0.4, 1.3, 0.9, -1.1, 0.6)


def points(model, most=4):
    """Points (x, y and each parameter) where the model is defined and
    r = y_hat - y is not 0, so that every named mistake shows."""
    found = []
    for k, (x, y) in enumerate(zip(XS, YS)):
        case = dict(x=x, y=y, **{p: STARTS[(k + j) % len(STARTS)]
                                 for j, p in enumerate(model.parameters)})
        try:
            r = model.forward(**case).r
            model.manual_backward(**case)
        except ValueError:          # log of a negative here, say
            continue
        if abs(r) > 1e-3:
            found.append(case)
    return found[:most]


def check_gradient(expression, parameter, answer):
    """answer(x, y, **parameters) -> dloss/dparameter of the model
    y_hat = expression, loss = (y_hat - y)**2, at one data point."""
    try:
        model = Model(expression)
    except (TypeError, ValueError) as error:
        return Verdict(False, f"✗ The model does not parse: {error}",
                       "bad model")
    if parameter not in model.parameters:
        return Verdict(False, f"✗ {parameter!r} is not a parameter of "
                       f"{expression!r}; its parameters are "
                       f"{', '.join(model.parameters) or 'none'}.",
                       "no such parameter")
    cases = points(model)
    if len(cases) < 2:
        return Verdict(False, "✗ The model is not defined at enough of "
                       "the test points; try another model.", "no points")

    def right(**c):
        return getattr(model.manual_backward(**c), parameter)

    def r(**c):
        return model.forward(**c).r

    def dy_hat(**c):                # dy_hat/dparameter = right / 2r
        return right(**c) / (2 * r(**c))

    return check(answer, right, cases, [
        ("missing factor 2: dloss/dr = 2r for loss = r**2",
         lambda **c: right(**c) / 2),
        ("wrong sign of r: r = y_hat - y, not y - y_hat",
         lambda **c: -right(**c)),
        (f"only dy_hat/d{parameter}: times dloss/dy_hat = 2r is missing",
         dy_hat),
        (f"stopped at dloss/dy_hat = 2r: times dy_hat/d{parameter} is "
         "missing", lambda **c: 2 * r(**c)),
        ("y_hat where r belongs: dloss/dy_hat = 2r = 2(y_hat - y)",
         lambda **c: dy_hat(**c) * 2 * model.forward(**c).y_hat),
    ])
