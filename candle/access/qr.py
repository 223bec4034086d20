"""The enrolment QR code, drawn here as inline SVG by segno (no request leaves the site, and
the admin's CSP needs nothing new), and the same secret as text for typing by hand."""

from __future__ import annotations

from base64 import b32encode

import segno


def svg(uri: str) -> str:
    return segno.make(uri, error="m").svg_inline(scale=5, dark="#000", light="#fff", border=2)


def secret_text(device) -> str:
    """The base32 secret in groups of four, as authenticator apps ask for it."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
