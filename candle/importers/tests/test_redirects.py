"""Old addresses with nothing behind them answer with the normal 404 page, never a redirect
to /ko/… and never a server error."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address",
    [
        "/bbs/board.php?bo_table=news&wr_id=1",
        "/bbs/board.php?bo_table=news",
        "/bbs/board.php",
        "/bbs/board.php?bo_table=%00%27%22&wr_id=-1",
        "/bbs/download.php?bo_table=news&wr_id=1&no=0",
        "/bbs/download.php?bo_table=news&wr_id=abc&no=%27",
        "/bbs/rss.php?bo_table=news",
        "/data/editor/1304/nothing.jpg",
        "/bbs/board.php?bo_table=" + "x" * 5000,
    ],
)
def test_unknown_old_addresses_are_404(client, site_tree, address):
    response = client.get(address)
    assert response.status_code == 404
    assert "Location" not in response


def test_post_to_an_old_address_is_refused(client, site_tree):
    assert client.post("/bbs/board.php?bo_table=news&wr_id=1").status_code == 405
