"""The public pages API checks its query parameters before Wagtail reads them: a hostile value
answers 400 with a JSON message, never a 500 (issue 20, item 13)."""

import pytest

HUGE = "99999999999999999999"

BAD_QUERIES = [
    f"offset={HUGE}",
    f"limit={HUGE}",
    "offset=²",
    "offset=-1",
    "offset=1e9",
    "offset=",
    "limit=١",
    "search=x&search_operator=xx",
    "search=x&search_operator=",
    f"child_of={HUGE}",
    "child_of=²",
    f"descendant_of={HUGE}",
    f"ancestor_of={HUGE}",
    f"translation_of={HUGE}",
    "translation_of=-1",
    f"id={HUGE}",
    f"depth={HUGE}",
    "locale=%00",
    "search=%00",
    "title=a%00b",
    "search=" + "a" * 10_000,
    "fields=" + "a" * 10_000,
    "order=" + "a" * 10_000,
    "offset=1&offset=" + HUGE,
    f"type=pages.ReportPage&year={HUGE}",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_hostile_api_parameters_are_a_clear_400(client, site_tree, query):
    client.raise_request_exception = False
    response = client.get(f"/api/v2/pages/?{query}")
    assert response.status_code == 400, (query, response.status_code)
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["message"]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "offset=0&limit=5",
        "offset=999999999",
        "search=x&search_operator=and",
        "search=x&search_operator=or",
        "child_of=root",
        "translation_of=root",
        "locale=en",
        "type=pages.ReportPage&year=2022",
        "order=-title",
        "fields=title,slug",
    ],
)
def test_well_formed_api_parameters_still_work(client, site_tree, query):
    response = client.get(f"/api/v2/pages/?{query}")
    assert response.status_code == 200, (query, response.content[:300])
    assert "items" in response.json()


def test_child_of_a_real_page_lists_its_children(client, site_tree):
    home = site_tree["ko"].home
    response = client.get(f"/api/v2/pages/?child_of={home.pk}&limit=50")
    assert response.status_code == 200
    titles = {item["title"] for item in response.json()["items"]}
    assert site_tree["ko"].boards["news"].title in titles


def test_detail_and_find_with_hostile_values(client, site_tree):
    client.raise_request_exception = False
    assert client.get(f"/api/v2/pages/{HUGE}/").status_code == 404
    assert client.get(f"/api/v2/pages/find/?id={HUGE}").status_code == 400
    assert client.get("/api/v2/pages/find/?html_path=%00").status_code == 400
