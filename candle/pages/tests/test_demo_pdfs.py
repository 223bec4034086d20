"""The demo's PDFs render on a machine without Debian's Korean font (English only then)."""

from __future__ import annotations

import pytest

from candle.pages.demo import assets
from candle.pages.demo import pages as content


@pytest.mark.parametrize("korean", [False, True])
def test_every_demo_pdf_renders_with_or_without_the_korean_font(monkeypatch, korean):
    if korean and not assets.korean_font_available():
        pytest.skip("fonts-nanum is not installed (scripts/system-deps.sh installs it)")
    monkeypatch.setattr(assets, "korean_font_available", lambda: korean)
    for spec in content.PDFS.values():
        data = assets.pdf_render(spec)
        assert data.startswith(b"%PDF-")
        assert len(data) > 1000
