from . import hooks_rescue  # noqa: F401  (rescue cases, public figures, campaign spending)
