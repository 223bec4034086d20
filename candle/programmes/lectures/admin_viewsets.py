"""The list of all lecture requests (read-only: states change only through the services and
the request's own screen), searchable, each with an inspect page. Built on
``ReadOnlyModelViewSet`` (``PersonalDataViewSetMixin``): permission-checked, views audited."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from candle.core.readonly_admin import ReadOnlyModelViewSet

from .models import LectureRequest


class LectureRequestViewSet(ReadOnlyModelViewSet):
    model = LectureRequest
    name = "programmes_lecture_requests"
    icon = "group"
    menu_label = _("Lecture requests")
    list_per_page = 50
    sort_order_field = None
    list_display = [
        "institution_name",
        "institution_type",
        "region",
        "status",
        "preferred_date_1",
        "scheduled_at",
        "created_at",
    ]
    list_filter = ["status", "institution_type", "region", "language"]
    search_fields = ["institution_name", "contact_name", "email"]
    inspect_view_fields = [
        "status",
        "institution_type",
        "institution_name",
        "region",
        "contact_name",
        "phone",
        "email",
        "age_group",
        "audience_size",
        "preferred_date_1",
        "preferred_date_2",
        "preferred_date_3",
        "language",
        "topic",
        "topic_detail",
        "scheduled_at",
        "duration_minutes",
        "venue",
        "speaker_label",
        "people_reached",
        "staff_note",
        "survey_rating",
        "survey_comment",
        "created_at",
        "confirmation_sent_at",
        "survey_sent_at",
        "personal_data_erased_at",
        "consent_text",
    ]

    def get_queryset(self, request):
        return LectureRequest.objects.select_related("speaker")
