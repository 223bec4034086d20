"""``{% folded %}`` (and ``{% chrome %}``, which folds all of base.html) renders what the template
without it renders, whatever the language, the values of the variables it folds and
autoescaping; ``{% organisation as org %}`` is ``{% with org=settings.pages.OrganisationSettings
%}``; ``{% search_query %}`` is ``{{ query|default:'' }}``."""

import pytest
from django.template import engines
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from candle.pages.templatetags.chrome_tags import FoldedNode, _ConstantRun

_BODY = (
    '<html lang="{{ LANGUAGE }}"><a href="/{{ LANGUAGE }}/">{% translate "Search" %}</a>'
    '{% translate "Filter" context "apply the filter" %} <link href="{% static_address '
    "'css/candle.css' %}\">{% if flag %}{% translate 'Menu' %} {{ OTHER_LANGUAGE }}{% else %}"
    '{% translate "Donate" %}{% endif %}{% with x=flag %}<i>{{ x }}</i> · {% translate "Main" %}'
    "{% endwith %}{{ page.title }}</html>"
)
_LOAD = "{% load i18n chrome_tags %}"


def _both(context: dict, language: str) -> tuple[str, str]:
    engine = engines["django"]
    plain = engine.from_string(_LOAD + _BODY)
    folded = engine.from_string(_LOAD + "{% folded %}" + _BODY + "{% endfolded %}")
    with translation.override(language):
        return plain.render(context), folded.render(context)


def test_runs_are_found():
    template = engines["django"].from_string(_LOAD + "{% folded %}" + _BODY + "{% endfolded %}")
    node = template.template.nodelist[1]
    assert isinstance(node, FoldedNode)
    assert len(node.nodelist.get_nodes_by_type(_ConstantRun)) == 3  # top, if, with


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize(
    "values",
    [
        {"LANGUAGE": "ko", "OTHER_LANGUAGE": "en", "flag": True},
        {"LANGUAGE": "en", "OTHER_LANGUAGE": "ko", "flag": False},
        # a view's own value, not the active language's: shown as given
        {"LANGUAGE": '"><script>', "OTHER_LANGUAGE": "<&>", "flag": "<b>"},
        # values that are not plain text: rendered as the template renders them
        {"LANGUAGE": mark_safe("<i>ko</i>"), "OTHER_LANGUAGE": lambda: "called", "flag": 0},
        {"LANGUAGE": 7, "flag": None},
        {},
    ],
)
def test_folded_is_what_the_template_renders(language, values):
    for _ in range(2):  # the second time from the memo
        plain, folded = _both(values, language)
        assert folded == plain


def test_the_language_and_the_values_are_part_of_the_key():
    korean = _both({"LANGUAGE": "ko", "flag": True}, "ko")[1]
    english = _both({"LANGUAGE": "ko", "flag": True}, "en")[1]
    other = _both({"LANGUAGE": "xx", "flag": True}, "ko")[1]
    assert korean != english and 'lang="ko"' in english and 'lang="xx"' in other


def test_autoescape_off_is_kept():
    engine = engines["django"]
    body = "{% autoescape off %}{% folded %}<p>{{ LANGUAGE }}</p>{% translate 'Search' %}{% endfolded %}{% endautoescape %}"
    with translation.override("en"):
        for _ in range(2):
            assert (
                engine.from_string(_LOAD + body).render({"LANGUAGE": "<b>"}) == "<p><b></p>Search"
            )


def test_a_settings_change_forgets_the_runs(settings):
    template = engines["django"].from_string(
        _LOAD + "{% folded %}<a>{% static_address 'css/candle.css' %}</a>{% endfolded %}"
    )
    before = template.render({})
    settings.STATIC_URL = "/elsewhere/"
    after = template.render({})
    assert before != after and "/elsewhere/css/candle.css" in after


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("data_cache", [False, True])
def test_organisation_is_the_settings_instance(
    rf, site_tree, language, data_cache, settings, django_capture_on_commit_callbacks
):
    from wagtail.contrib.settings.context_processors import settings as settings_processor

    from candle.pages.models import OrganisationSettings

    settings.CANDLE_DATA_CACHE_ENABLED = data_cache
    request = rf.get("/", HTTP_HOST="localhost")
    site_settings = OrganisationSettings.for_request(request)
    site_settings.short_name = "N<K>"
    site_settings.facebook_url = "https://example.org/nk"
    with django_capture_on_commit_callbacks(execute=True):  # the purge runs on commit
        site_settings.save()
    fields = "{{ org.name }}|{{ org.short_name }}|{{ org.social_accounts.0.url }}|{{ org.missing }}"
    engine = engines["django"]
    plain = engine.from_string(
        "{% with org=settings.pages.OrganisationSettings %}"
        + fields
        + "{% endwith %}{{ org.name }}"
    )
    tag = engine.from_string(
        _LOAD + "{% organisation as org %}" + fields + "{% endorganisation %}{{ org.name }}"
    )
    shown = []
    for context in (settings_processor(rf.get("/", HTTP_HOST="localhost")), {}):
        with translation.override(language):
            expected = plain.render(context)
            assert tag.render(context) == expected
            shown.append(expected)
    name = site_settings.name_ko if language == "ko" else site_settings.name_en
    assert shown[0] == f"{escape(name)}|N&lt;K&gt;|https://example.org/nk|"
    assert shown[1] == "|||"  # no request, no settings: as the template


@pytest.mark.parametrize(
    "values", [{}, {"query": ""}, {"query": '"><b>&'}, {"query": mark_safe("<i>")}, {"query": 3}]
)
def test_search_query_is_the_variable_with_its_default(values, settings):
    engine = engines["django"]
    plain = engine.from_string("{{ query|default:'' }}")
    tag = engine.from_string(_LOAD + "{% search_query %}")
    assert tag.render(values) == plain.render(values)


@pytest.mark.django_db
def test_the_heads_organisation_name_needs_no_settings_instance(rf, site_tree, data_cache_on):
    """With the data cache, the name comes from the kept values: no settings instance built
    (``for_request``), no query once kept; ``org.name`` shows what the instance shows."""
    from unittest import mock

    from wagtail.contrib.settings.context_processors import settings as settings_processor

    from candle.pages.models import OrganisationSettings

    template = engines["django"].from_string(
        _LOAD + "{% organisation as org %}{{ org.name }}{% endorganisation %}"
    )
    expected = OrganisationSettings.for_request(rf.get("/", HTTP_HOST="localhost")).name
    template.render(settings_processor(rf.get("/", HTTP_HOST="localhost")))  # kept now
    built = mock.patch.object(
        OrganisationSettings, "for_request", side_effect=AssertionError("an instance built")
    )
    with built, translation.override("ko"):
        assert template.render(settings_processor(rf.get("/", HTTP_HOST="localhost"))) == escape(
            expected
        )
