"""Tools for maintainers: not part of the learner's package."""
