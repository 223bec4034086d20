from .events import EventIndexPage, EventPage, QuestionBlock
from .registrations import Registration

__all__ = ["EventIndexPage", "EventPage", "QuestionBlock", "Registration"]

from ..youth.models import (  # noqa: E402 - youth programme applications
    Application,
    ApplicationFile,
    ApplicationNote,
    ApplicationScore,
    GuardianConsent,
    YouthProgrammeIndexPage,
    YouthProgrammePage,
)

__all__ += [
    "Application",
    "ApplicationFile",
    "ApplicationNote",
    "ApplicationScore",
    "GuardianConsent",
    "YouthProgrammeIndexPage",
    "YouthProgrammePage",
]
