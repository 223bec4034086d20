import pytest


@pytest.mark.django_db
def test_both_home_pages_answer(client, site_tree):
    assert client.get("/ko/").status_code == 200
    response = client.get("/en/")
    assert response.status_code == 200
    assert b'<html lang="en">' in response.content
