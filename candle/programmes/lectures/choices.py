"""The fixed lists the lecture request form offers, in English with Korean translations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InstitutionType(models.TextChoices):
    SCHOOL = "school", _("School")
    CHURCH = "church", _("Church or religious group")
    MILITARY = "military", _("Military unit")
    COMPANY = "company", _("Company")
    OTHER = "other", _("Other")


class Region(models.TextChoices):
    """Korea's 17 provinces and metropolitan cities, and abroad."""

    SEOUL = "seoul", _("Seoul")
    BUSAN = "busan", _("Busan")
    DAEGU = "daegu", _("Daegu")
    INCHEON = "incheon", _("Incheon")
    GWANGJU = "gwangju", _("Gwangju")
    DAEJEON = "daejeon", _("Daejeon")
    ULSAN = "ulsan", _("Ulsan")
    SEJONG = "sejong", _("Sejong")
    GYEONGGI = "gyeonggi", _("Gyeonggi Province")
    GANGWON = "gangwon", _("Gangwon Province")
    CHUNGBUK = "chungbuk", _("North Chungcheong Province")
    CHUNGNAM = "chungnam", _("South Chungcheong Province")
    JEONBUK = "jeonbuk", _("Jeonbuk Province")
    JEONNAM = "jeonnam", _("South Jeolla Province")
    GYEONGBUK = "gyeongbuk", _("North Gyeongsang Province")
    GYEONGNAM = "gyeongnam", _("South Gyeongsang Province")
    JEJU = "jeju", _("Jeju")
    ABROAD = "abroad", _("Outside Korea")


class AgeGroup(models.TextChoices):
    CHILDREN = "children", _("Primary school pupils")
    TEENS = "teens", _("Middle and high school students")
    YOUNG_ADULTS = "young_adults", _("University students and young adults")
    ADULTS = "adults", _("Adults")
    MIXED = "mixed", _("Mixed ages")


class Topic(models.TextChoices):
    HUMAN_RIGHTS = "human_rights", _("Human rights in North Korea")
    RESETTLEMENT = "resettlement", _("The lives and resettlement of North Korean defectors")
    REFUGEES = "refugees", _("North Korean refugees and rescue")
    UNIFICATION = "unification", _("Peace and unification")
    OTHER = "other", _("Other (describe below)")


class Language(models.TextChoices):
    KO = "ko", "한국어"
    EN = "en", "English"
