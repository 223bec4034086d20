"""URLs of candle.importers."""

urlpatterns: list = []
