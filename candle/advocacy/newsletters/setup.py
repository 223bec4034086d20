"""Wiring done once at start-up (``AdvocacyConfig.ready``): supporters' hooks, the provider's
tracking signal, the admin screens."""

from __future__ import annotations


def newsletters_ready() -> None:
    from candle.supporters import registry

    from . import admin, webhooks  # noqa: F401 - registers the admin screens and the receiver
    from .supporter_hooks import newsletters_forget, newsletters_merge

    registry.merge_hook(newsletters_merge)
    registry.forget_hook(newsletters_forget)
