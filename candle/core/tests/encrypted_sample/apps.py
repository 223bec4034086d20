from django.apps import AppConfig


class EncryptedSampleConfig(AppConfig):
    name = "candle.core.tests.encrypted_sample"
    label = "encrypted_sample"
