from .events import EventIndexPage, EventPage, QuestionBlock
from .registrations import Registration

__all__ = ["EventIndexPage", "EventPage", "QuestionBlock", "Registration"]
from candle.programmes.lectures.models import LectureRequest  # noqa: E402

__all__ += ["LectureRequest"]
