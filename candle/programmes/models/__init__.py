from .events import EventIndexPage, EventPage, QuestionBlock
from .registrations import Registration

__all__ = ["EventIndexPage", "EventPage", "QuestionBlock", "Registration"]
