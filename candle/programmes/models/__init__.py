from .events import EventIndexPage, EventPage, QuestionBlock
from .registrations import Registration

__all__ = ["EventIndexPage", "EventPage", "QuestionBlock", "Registration"]
from candle.programmes.lectures.models import LectureRequest  # noqa: E402

__all__ += ["LectureRequest"]

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
