"""Median and 90th percentile of a list of times."""
import statistics


def percentile(values, fraction):
    """The value below which `fraction` of `values` lie (interpolated)."""
    ordered = sorted(values)
    at = (len(ordered) - 1) * fraction
    low = int(at)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def summary(ms):
    """{n, median_ms, p90_ms, min_ms, max_ms} of times in milliseconds."""
    if not ms:
        return {"n": 0, "median_ms": None, "p90_ms": None,
                "min_ms": None, "max_ms": None}
    return {"n": len(ms), "median_ms": round(statistics.median(ms), 3),
            "p90_ms": round(percentile(ms, 0.9), 3),
            "min_ms": round(min(ms), 3), "max_ms": round(max(ms), 3)}
