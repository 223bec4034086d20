"""``wagtail.users`` with Candle's users and groups viewsets (``users_admin``): listed in
``INSTALLED_APPS`` in its place. Kept out of ``apps.py``: a second AppConfig there would stop
Django choosing ``AccessConfig`` (and its ``ready()``) for ``candle.access``."""

from wagtail.users.apps import WagtailUsersAppConfig


class CandleUsersAppConfig(WagtailUsersAppConfig):
    group_viewset = "candle.access.users_admin.GroupViewSet"
    user_viewset = "candle.access.users_admin.UserViewSet"
