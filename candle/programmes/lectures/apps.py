"""Wiring of lecture booking, called from ``ProgrammesConfig.ready()``: its scheduled jobs
(survey links after lectures, erasing contact details) and supporters' forget-me hook."""


def lectures_ready() -> None:
    from candle.operations.schedule import Daily, Every, job_register
    from candle.supporters.registry import forget_hook

    from .services import lecture_requests_forget

    forget_hook(lecture_requests_forget)
    services = "candle.programmes.lectures.services."
    job_register("programmes.lecture_surveys", Every(minutes=60), services + "lecture_surveys_send")
    job_register(
        "programmes.lecture_retention", Daily(at="03:25"), services + "lectures_retention_sweep"
    )
