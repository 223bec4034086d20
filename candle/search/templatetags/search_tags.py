"""The results list of the search page, written here rather than by a loop in the template:
ten results of a few variables each were about a third of the search page's own template
(the form, the list, the pagination), and a cold results page renders them every time.

``search_result_items`` writes exactly what the loop it replaced wrote, byte for byte: each
value as the template engine renders it (``render_value_in_context``: local time, localised,
escaped unless safe), the date through ``date_shown`` as a filter that expects local time.
``tests/test_search_tags.py`` compares it with the loop."""

from django import template
from django.template.base import render_value_in_context
from django.template.defaultfilters import capfirst
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from candle.pages.templatetags.candle_tags import date_shown_filter

register = template.Library()


@register.simple_tag(takes_context=True)
def search_result_items(context, rows, both_languages) -> str:
    """The ``<li>`` of each result (``search_results_shown``'s rows), with the whitespace the
    template's loop had around them."""

    def shown(value) -> str:
        return render_value_in_context(value, context)

    def dated(when, arg=None) -> str:
        return shown(date_shown_filter(template_localtime(when, context.use_tz), arg))

    out = []
    for row in rows:
        page = row["page"]
        meta = shown(capfirst(row["kind"]))
        if row["year"]:
            meta += f" · {shown(row['year'])}"
        elif row["date"]:
            meta += f' · <time datetime="{dated(row["date"], "c")}">{dated(row["date"])}</time>'
        if both_languages:
            meta += f" · {shown(page.locale.get_display_name())}"
        snippet = f'<p class="snippet">{shown(row["snippet"])}</p>' if row["snippet"] else ""
        out.append(
            f'\n      <li lang="{shown(page.locale.language_code)}">'
            f'\n        <h2><a href="{shown(row["url"])}">{shown(row["title"])}</a></h2>'
            f'\n        <p class="meta">{meta}</p>'
            f"\n        {snippet}"
            "\n      </li>\n      "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is rendered escaped
