from .newsletters import *  # noqa: F401,F403
