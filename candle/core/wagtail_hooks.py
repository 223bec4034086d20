from wagtail import hooks

from .personal_data_admin import PersonalDataDeleteBulkAction

# After Wagtail's own snippet bulk delete (order 0), so this one replaces it for personal data.
hooks.register("register_bulk_action", PersonalDataDeleteBulkAction, order=1)
