import io

import pytest
from django.core.management import call_command

from candle.pages.models import PostPage
from candle.pages.services import post_create

pytestmark = pytest.mark.django_db


def test_update_index_rebuilds_with_progress(site_tree):
    post = post_create(
        board=site_tree["ko"].boards["news"], title="강제송환 규탄", summary="강제송환되었다."
    )
    out, err = io.StringIO(), io.StringIO()
    call_command("update_index", stdout=out, stderr=err)
    assert "indexed" in out.getvalue()
    assert [p.pk for p in PostPage.objects.search("송환")] == [post.pk]
