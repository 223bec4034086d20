from django.db import models

from candle.core.encryption.fields import EncryptedFileField, EncryptedTextField


class EncryptedSample(models.Model):
    """Stands in for a case: a name and a document that must never be readable at rest."""

    label = models.CharField(max_length=50, blank=True)
    secret = EncryptedTextField(blank=True)
    document = EncryptedFileField(upload_to="sample/%Y/", blank=True)

    def __str__(self) -> str:
        return self.label
