"""URLs of candle.giving."""

urlpatterns: list = []
