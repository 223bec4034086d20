"""PortOne (Korea's card and easy-pay gateway), switched on by CANDLE_USE_PORTONE=1.

The secrets come from the environment and have no defaults: with PortOne on, a missing one
stops the site at start-up rather than at the first gift.
"""

import os

from django.core.exceptions import ImproperlyConfigured

CANDLE_PORTONE_API_SECRET = os.environ.get("CANDLE_PORTONE_API_SECRET", "")  # V2 API secret
CANDLE_PORTONE_WEBHOOK_SECRET = os.environ.get("CANDLE_PORTONE_WEBHOOK_SECRET", "")  # whsec_…
CANDLE_PORTONE_STORE_ID = os.environ.get("CANDLE_PORTONE_STORE_ID", "")  # store-…
CANDLE_PORTONE_CHANNEL_KEY = os.environ.get(
    "CANDLE_PORTONE_CHANNEL_KEY", ""
)  # one-off card payments
CANDLE_PORTONE_BILLING_CHANNEL_KEY = os.environ.get(
    "CANDLE_PORTONE_BILLING_CHANNEL_KEY", ""
)  # monthly (billing keys)

_missing = [
    name
    for name, value in {
        "CANDLE_PORTONE_API_SECRET": CANDLE_PORTONE_API_SECRET,
        "CANDLE_PORTONE_WEBHOOK_SECRET": CANDLE_PORTONE_WEBHOOK_SECRET,
        "CANDLE_PORTONE_STORE_ID": CANDLE_PORTONE_STORE_ID,
        "CANDLE_PORTONE_CHANNEL_KEY": CANDLE_PORTONE_CHANNEL_KEY,
    }.items()
    if not value
]
if _missing:
    raise ImproperlyConfigured(f"CANDLE_USE_PORTONE is on but {', '.join(_missing)} is not set.")

# PortOne's browser SDK and its payment windows.
PORTONE_SCRIPT = "https://cdn.portone.io/v2/browser-sdk.js"
