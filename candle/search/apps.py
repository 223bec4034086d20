from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "candle.search"
    label = "candle_search"
    verbose_name = "Search"
