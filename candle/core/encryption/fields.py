"""Model fields whose content is encrypted at rest with the field keys.

``EncryptedTextField``: Python sees text; the column holds a Fernet token (a new one at every
save: the same text never gives the same token). So the database cannot compare, sort or
search it: only ``isnull`` lookups are allowed (any other raises FieldError), and a value that
must be found (a number to match duplicates) needs a separate keyed digest column. The empty
string is stored as it is (the column says "nothing given", as a NULL would).

``EncryptedFileField``: a FileField whose storage encrypts (``files.EncryptedFileSystemStorage``
by default). Its files have no URL; serve them with ``files.encrypted_file_response`` from a
view that has checked permission.
"""

from __future__ import annotations

from django.db import models

from .keys import field_decrypt, field_encrypt


class EncryptedTextField(models.TextField):
    description = "Text encrypted at rest with the field keys"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return field_decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return field_encrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            return None  # tokens differ at every save: an equality or search would lie
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name):
        return None


def _encrypted_storage():
    from .files import encrypted_storage

    return encrypted_storage()


class EncryptedFileField(models.FileField):
    description = "File encrypted at rest with the field keys"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("storage", _encrypted_storage)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("storage") is _encrypted_storage:
            del kwargs["storage"]
        return name, path, args, kwargs
