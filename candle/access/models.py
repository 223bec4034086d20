"""What the staff sign-in keeps beside django-otp's devices: the wrong second-factor codes,
counted per account for the lockout (``candle.access.lockout``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SecondFactorFailure(models.Model):
    """One wrong code (authenticator or recovery) for an account. Rows older than the lockout
    window mean nothing and are deleted when the next failure is written."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    failed_at = models.DateTimeField(_("failed at"), default=timezone.now)

    class Meta:
        verbose_name = _("wrong second-factor code")
        verbose_name_plural = _("wrong second-factor codes")
        indexes = [models.Index(fields=["user", "failed_at"], name="access_failure_user_at")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.failed_at:%Y-%m-%d %H:%M}"
