"""URLs of candle.supporters."""

urlpatterns: list = []
