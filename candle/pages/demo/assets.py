"""Generated demo assets: calm, abstract candle-light illustrations (Pillow) and PDFs (fpdf2).

Nothing here is a photograph or shows a person. Every image and document is keyed on its title,
so loading the demo twice reuses what is already there.
"""

import io
import logging
import math
import random
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFilter

from candle.core.models import CandleDocument, CandleImage

KOREAN_FONT = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
KOREAN_FONT_BOLD = Path("/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf")

# (sky top, sky bottom, accent) — dusk blues and warm light
PALETTES = {
    "dusk": ((22, 34, 64), (70, 86, 128), (255, 196, 92)),
    "dawn": ((44, 58, 94), (214, 150, 118), (255, 224, 150)),
    "river": ((18, 52, 66), (64, 120, 128), (250, 210, 120)),
    "paper": ((236, 230, 218), (214, 204, 186), (200, 112, 48)),
    "night": ((10, 14, 30), (36, 40, 72), (255, 180, 80)),
    "spring": ((58, 92, 86), (168, 196, 160), (255, 236, 170)),
}


@dataclass(frozen=True)
class DemoImage:
    key: str  # the image title; unique among demo images
    scene: str  # candle, candles, horizon, river, lanterns, pages
    palette: str
    alt_ko: str
    alt_en: str

    @property
    def alt(self) -> str:
        # One image serves both languages; its default alt text carries both.
        return f"{self.alt_ko} / {self.alt_en}"


def _gradient(size: tuple[int, int], top, bottom) -> Image.Image:
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(1, height - 1)
        colour = tuple(round(top[i] + (bottom[i] - top[i]) * t) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    return image


def _glow(
    image: Image.Image, centre: tuple[int, int], radius: int, colour, strength: int = 150
) -> None:
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    x, y = centre
    draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=(*colour, strength))
    layer = layer.filter(ImageFilter.GaussianBlur(radius // 2))
    image.paste(layer, (0, 0), layer)


def _candle(
    draw: ImageDraw.ImageDraw,
    image: Image.Image,
    x: int,
    base: int,
    height: int,
    width: int,
    accent,
) -> None:
    body = (246, 240, 226)
    shade = (222, 212, 192)
    top = base - height
    draw.rounded_rectangle(
        [x - width // 2, top, x + width // 2, base], radius=width // 6, fill=body
    )
    draw.rectangle([x + width // 6, top + 4, x + width // 2, base], fill=shade)
    draw.line([(x, top), (x, top - width // 5)], fill=(60, 50, 40), width=max(2, width // 18))
    flame_h = max(24, width * 0.9)
    _glow(image, (x, int(top - flame_h / 2)), int(flame_h * 1.6), accent, 120)
    draw = ImageDraw.Draw(image)
    draw.ellipse(
        [x - flame_h * 0.22, top - flame_h, x + flame_h * 0.22, top - flame_h * 0.08], fill=accent
    )
    draw.ellipse(
        [x - flame_h * 0.1, top - flame_h * 0.6, x + flame_h * 0.1, top - flame_h * 0.14],
        fill=(255, 250, 230),
    )


def image_render(spec: DemoImage, size: tuple[int, int] = (1200, 800)) -> bytes:
    """A JPEG of the scene; deterministic for a given spec."""
    rng = random.Random(spec.key)  # noqa: S311 (a drawing, not a secret)
    top, bottom, accent = PALETTES[spec.palette]
    image = _gradient(size, top, bottom)
    width, height = size
    draw = ImageDraw.Draw(image)
    for _ in range(60 if spec.palette in {"night", "dusk"} else 0):  # a few quiet stars
        sx, sy = rng.randrange(width), rng.randrange(int(height * 0.55))
        r = rng.choice([1, 1, 2])
        draw.ellipse([sx - r, sy - r, sx + r, sy + r], fill=(235, 235, 255))
    ground = int(height * 0.78)
    if spec.scene == "candle":
        draw.rectangle([0, ground, width, height], fill=tuple(max(0, c - 20) for c in bottom))
        _candle(draw, image, width // 2, ground + 10, int(height * 0.38), 120, accent)
    elif spec.scene == "candles":
        draw.rectangle([0, ground, width, height], fill=tuple(max(0, c - 25) for c in bottom))
        for index in range(7):
            x = int(width * (0.14 + index * 0.12))
            h = int(height * rng.uniform(0.16, 0.34))
            _candle(ImageDraw.Draw(image), image, x, ground + 10, h, rng.randrange(54, 84), accent)
    elif spec.scene == "horizon":
        _glow(image, (width // 2, ground), int(width * 0.28), accent, 170)
        draw = ImageDraw.Draw(image)
        for band in range(5):
            y = ground + band * 18
            shade = tuple(max(0, c - 30 - band * 8) for c in bottom)
            draw.rectangle([0, y, width, height], fill=shade)
    elif spec.scene == "river":
        draw.rectangle([0, ground - 60, width, height], fill=tuple(max(0, c - 15) for c in bottom))
        for wave in range(14):
            y = ground - 40 + wave * 14
            points = [(x, y + 6 * math.sin(x / 60 + wave)) for x in range(0, width + 20, 20)]
            draw.line(points, fill=tuple(min(255, c + 35) for c in bottom), width=2)
        _candle(ImageDraw.Draw(image), image, int(width * 0.72), ground - 70, 150, 64, accent)
    elif spec.scene == "lanterns":
        for _ in range(18):
            x, y = rng.randrange(60, width - 60), rng.randrange(60, int(height * 0.8))
            r = rng.randrange(18, 54)
            _glow(image, (x, y), r * 2, accent, 90)
            ImageDraw.Draw(image).ellipse([x - r, y - r, x + r, y + r], fill=(*accent,))
    elif spec.scene == "pages":
        draw = ImageDraw.Draw(image)
        for index in range(6):
            x0 = 160 + index * 150
            y0 = 180 + (index % 2) * 40
            draw.rounded_rectangle(
                [x0, y0, x0 + 220, y0 + 300],
                radius=10,
                fill=(250, 248, 242),
                outline=(180, 170, 150),
            )
            for line in range(9):
                ly = y0 + 40 + line * 26
                draw.line(
                    [(x0 + 24, ly), (x0 + 196 - (line % 3) * 30, ly)], fill=(190, 184, 170), width=4
                )
        _candle(ImageDraw.Draw(image), image, width - 170, ground + 40, 170, 70, accent)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def image_ensure(spec: DemoImage) -> CandleImage:
    existing = CandleImage.objects.filter(title=spec.key).first()
    if existing is not None:
        return existing
    size = (1200, 800)
    image = CandleImage(
        title=spec.key,
        description=spec.alt[:255],
        credit="Candle demo illustration",
        width=size[0],
        height=size[1],
    )
    image.file.save(f"demo-{spec.key}.jpg", ContentFile(image_render(spec, size)), save=False)
    image.width, image.height = size  # set after the file: saving it clears the dimension fields
    image.file_size = image.file.size
    image.save()
    return image


@dataclass(frozen=True)
class DemoPdf:
    key: str  # the document title; unique among demo documents
    title_ko: str
    title_en: str
    paragraphs_ko: tuple[str, ...]
    paragraphs_en: tuple[str, ...]
    table: tuple[tuple[str, ...], ...] = ()


def korean_font_available() -> bool:
    return KOREAN_FONT.is_file()


def _latin1(rows) -> bool:
    """Whether every cell can be drawn with a built-in PDF font (no Korean font installed)."""
    try:
        for row in rows:
            for value in row:
                str(value).encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def pdf_render(spec: DemoPdf) -> bytes:
    """A short PDF: Korean and English when Debian's Nanum font is present, else English only."""
    from fpdf import FPDF

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # font subsetting logs every glyph
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_margins(20, 20, 20)
    pdf.set_title(spec.title_en)
    pdf.set_author("Candle demo (fictional content)")
    korean = korean_font_available()
    if korean:
        pdf.add_font("Nanum", "", str(KOREAN_FONT))
        pdf.add_font(
            "Nanum", "B", str(KOREAN_FONT_BOLD if KOREAN_FONT_BOLD.is_file() else KOREAN_FONT)
        )
        family = "Nanum"
    else:
        family = "Helvetica"
    sections = []
    if korean:
        sections.append(
            (
                spec.title_ko,
                spec.paragraphs_ko,
                "데모용 가상 자료입니다. 실제 인물이나 사례가 아닙니다.",
            )
        )
    sections.append(
        (
            spec.title_en,
            spec.paragraphs_en,
            "Demo material. The people and cases in it are fictional.",
        )
    )
    for title, paragraphs, disclaimer in sections:
        pdf.add_page()
        pdf.set_fill_color(22, 34, 64)
        pdf.rect(0, 0, 210, 12, style="F")
        pdf.set_font(family, "B", 18)
        pdf.multi_cell(0, 9, title)
        pdf.ln(2)
        pdf.set_font(family, "", 9)
        pdf.set_text_color(110, 110, 110)
        pdf.multi_cell(0, 5, disclaimer)
        pdf.set_text_color(0, 0, 0)
        pdf.ln(4)
        pdf.set_font(family, "", 11)
        for paragraph in paragraphs:
            pdf.multi_cell(0, 6.5, paragraph)
            pdf.ln(3)
        if spec.table and (korean or _latin1(spec.table)):
            pdf.ln(2)
            pdf.set_font(family, "", 10)
            with pdf.table(col_widths=tuple(1 for _ in spec.table[0])) as table:
                for row_values in spec.table:
                    row = table.row()
                    for value in row_values:
                        row.cell(value)
    return bytes(pdf.output())


def document_ensure(spec: DemoPdf) -> CandleDocument:
    existing = CandleDocument.objects.filter(title=spec.key).first()
    if existing is not None:
        return existing
    data = pdf_render(spec)
    document = CandleDocument(title=spec.key, description=f"{spec.title_ko} / {spec.title_en}")
    document.file.save(f"{spec.key}.pdf", ContentFile(data), save=False)
    document.file_size = len(data)
    document.save()
    return document
