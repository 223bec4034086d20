"""The importer's files: attachments and editor images read from GnuBoard's data folder,
stored once (keyed on their GnuBoard id and fingerprint), secret posts' files kept in a
private collection."""

from __future__ import annotations

import io
import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils.translation import gettext as _
from PIL import Image as PILImage

from candle.core.models import CandleDocument, CandleImage
from candle.core.uploads import document_file_validate

from ..models import LegacyFile
from .summary import _Board, _fingerprint
from .text import _error_text

_EDITOR_SRC = re.compile(r"/data/editor/(\d{4}/[^/?#\"'\s]+)$")
_EDITOR_ANY = re.compile(r"/data/editor/(\d{4}/[^/?#\"'\s<>]+)")
_IMAGE_TYPES = {1, 2, 3, 18}  # bf_type: GIF, JPEG, PNG, WEBP (PHP getimagesize constants)
_MAX_FILE_BYTES = 50 * 1024 * 1024


class FilesMixin:
    """Attachments and inline images, for ``GnuboardImporter``."""

    def _stored_names_fill(self, board: _Board, wr_id: int, files: list[dict]) -> None:
        """Files imported before LegacyFile kept bf_file learn it (for /data/file/… links)."""
        for file_row in files:
            legacy = self.legacy_files.get((board.bo_table, wr_id, int(file_row["bf_no"])))
            stored_name = str(file_row.get("bf_file") or "")[:255]
            if legacy is not None and legacy.stored_name != stored_name:
                LegacyFile.objects.filter(pk=legacy.pk).update(stored_name=stored_name)
                legacy.stored_name = stored_name

    def _files_count(self, row: dict, files: list[dict], missing: list[str]) -> None:
        """Attachments and inline images of a post not rewritten now (unchanged, or a dry run),
        counted as a real run would count them."""
        absent = set(missing)
        self.summary.files += sum(1 for f in files if _file_name(f) not in absent)
        self.summary.inline_images += sum(1 for p in _inline_paths(row) if p not in absent)

    def _missing_report(self, board: _Board, wr_id: int, missing: list[str]) -> None:
        self.summary.skip(
            f"{board.bo_table}/{wr_id}",
            _("files not in the files folder: %(names)s") % {"names": ", ".join(missing)},
        )

    def _missing_files(self, board: _Board, row: dict, files: list[dict]) -> list[str]:
        """The post's attachments and inline editor images that are not in the files folder."""
        missing = [
            _file_name(f)
            for f in files
            if (board.bo_table, int(row["wr_id"]), int(f["bf_no"])) not in self.legacy_files
            and not (
                "/" not in str(f.get("bf_file") or "")
                and self._exists(f"file/{board.bo_table}/{f.get('bf_file') or ''}")
            )
        ]
        missing += sorted(
            relative
            for relative in _inline_paths(row)
            if relative not in self.editor_files and not self._exists(f"editor/{relative}")
        )
        return missing

    def _path(self, relative: str) -> Path | None:
        """A file inside the files folder, or None (no folder, a path leaving it, not a file)."""
        if self.files_dir is None:
            return None
        base = self.files_dir.resolve()
        path = (base / relative).resolve()
        if not path.is_relative_to(base) or not path.is_file():
            return None
        return path

    def _exists(self, relative: str) -> bool:
        return self._path(relative) is not None

    def _read(self, relative: str) -> bytes | None:
        path = self._path(relative)
        if path is None:
            return None
        if path.stat().st_size > _MAX_FILE_BYTES:
            raise ValueError(_("the file %(name)s is larger than 50 MB") % {"name": relative})
        return path.read_bytes()

    def _attachments(
        self, board: _Board, wr_id: int, files: list[dict], title: str, *, secret: bool = False
    ):
        """The post's files as Candle images and documents. A secret post's documents go to
        the private collection (only signed-in staff can download them), and back to the
        public one if a later run finds the post no longer secret."""
        images, documents = [], []
        for file_row in files:
            where = f"{board.bo_table}/{wr_id} #{file_row['bf_no']}"
            source_name = _file_name(file_row)
            caption = str(file_row.get("bf_content") or "")[:255]
            key = (board.bo_table, wr_id, int(file_row["bf_no"]))
            fingerprint = _fingerprint(
                [
                    file_row.get("bf_file"),
                    file_row.get("bf_source"),
                    file_row.get("bf_filesize"),
                    caption,
                ]
            )
            legacy = self.legacy_files.get(key)
            if legacy is None or legacy.fingerprint != fingerprint:
                stored = str(file_row.get("bf_file") or "")
                data = (
                    self._read(f"file/{board.bo_table}/{stored}")
                    if stored and "/" not in stored
                    else None
                )
                if data is None:
                    self.summary.skip(
                        where,
                        _("the file %(name)s is not in the files folder") % {"name": source_name},
                    )
                    continue
                try:
                    legacy = self._store_file(
                        key, source_name, caption, data, file_row, fingerprint, legacy
                    )
                except (ValidationError, SuspiciousOperation, OSError) as error:
                    self.summary.skip(where, _error_text(error))
                    continue
                if legacy is None:
                    self.summary.skip(
                        where,
                        _("%(name)s is not a kind of file Candle keeps") % {"name": source_name},
                    )
                    continue
                self.legacy_files[key] = legacy
            stored_name = str(file_row.get("bf_file") or "")[:255]
            if legacy.stored_name != stored_name:  # imported before stored names were kept
                LegacyFile.objects.filter(pk=legacy.pk).update(stored_name=stored_name)
                legacy.stored_name = stored_name
            if legacy.document_id:
                _document_collection_set(legacy.document, private=secret)
            self.summary.files += 1
            if legacy.image_id:
                alt = caption or Path(source_name).stem.replace("_", " ") or title
                images.append((legacy.image, alt[:255], caption))
            elif legacy.document_id:
                documents.append((legacy.document, caption))
        return images, documents

    def _store_file(self, key, source_name, caption, data, file_row, fingerprint, legacy):
        extension = Path(source_name).suffix.lower().lstrip(".")
        stored_extension = Path(str(file_row.get("bf_file") or "")).suffix.lower().lstrip(".")
        is_image = (
            int(file_row.get("bf_type") or 0) in _IMAGE_TYPES
            and extension in settings.WAGTAILIMAGES_EXTENSIONS
        )
        if legacy is not None:
            # the source row changed: the old copy goes, a new one comes
            if legacy.image_id:
                legacy.image.delete()
            elif legacy.document_id:
                legacy.document.delete()
        if is_image:
            image = _image_create(
                name=source_name,
                data=data,
                alt=(caption or Path(source_name).stem.replace("_", " "))[:255],
            )
            return LegacyFile.objects.update_or_create(
                bo_table=key[0],
                wr_id=key[1],
                bf_no=key[2],
                defaults={
                    "source_name": source_name,
                    "stored_name": str(file_row.get("bf_file") or "")[:255],
                    "image": image,
                    "document": None,
                    "fingerprint": fingerprint,
                },
            )[0]
        if (
            extension not in settings.WAGTAILDOCS_EXTENSIONS
            or stored_extension not in settings.WAGTAILDOCS_EXTENSIONS
        ):
            return None
        upload = ContentFile(data, name=source_name)
        document_file_validate(upload)
        document = CandleDocument(title=source_name, description=caption)
        document.file.save(_storage_name(source_name), upload, save=False)
        document.file_size = len(data)
        document._set_document_file_metadata()
        document.save()
        document.file.close()
        return LegacyFile.objects.update_or_create(
            bo_table=key[0],
            wr_id=key[1],
            bf_no=key[2],
            defaults={
                "source_name": source_name,
                "stored_name": str(file_row.get("bf_file") or "")[:255],
                "image": None,
                "document": document,
                "fingerprint": fingerprint,
            },
        )[0]

    def _editor_image(self, src: str, title: str):
        """Candle's copy of an inline editor image (``…/data/editor/yymm/name``)."""
        path = src.split("?")[0].split("#")[0]
        match = _EDITOR_SRC.search(path)
        if not match:
            return None
        relative = match.group(1)
        legacy = self.editor_files.get(relative)
        if legacy is not None and legacy.image_id:
            self.summary.inline_images += 1
            return legacy.image_id, legacy.image.description
        data = self._read(f"editor/{relative}")
        if data is None:
            self.summary.skip(relative, _("inline image not found in the files folder"))
            return None
        self.summary.inline_images += 1
        if self.dry_run:
            return 0, title
        name = relative.rsplit("/", 1)[-1]
        image = _image_create(name=name, data=data, alt=title[:255] or name)
        legacy = LegacyFile.objects.create(
            editor_path=relative, source_name=name, image=image, fingerprint=_fingerprint(relative)
        )
        self.editor_files[relative] = legacy
        return image.pk, image.description


def _image_create(*, name: str, data: bytes, alt: str) -> CandleImage:
    try:
        with PILImage.open(io.BytesIO(data)) as probe:
            probe.verify()
    except Exception as error:  # noqa: BLE001 - Pillow raises many kinds for a broken image
        raise ValidationError(_("%(name)s is not a readable image") % {"name": name}) from error
    image = CandleImage(
        title=name[:255],
        description=alt[:255] or name[:255],
        file=ImageFile(io.BytesIO(data), name=name),
    )
    image._set_image_file_metadata()
    image.save()
    image.file.close()
    return image


def _inline_paths(row: dict) -> set[str]:
    """The editor images (``yymm/name`` under data/editor/) an HTML post refers to."""
    option = str(row.get("wr_option") or "")
    if "html1" not in option and "html2" not in option:
        return set()
    return set(_EDITOR_ANY.findall(row.get("wr_content") or ""))


def _file_name(file_row: dict) -> str:
    """The name GnuBoard offered for download (``bf_source``), without any folder part."""
    for candidate in (file_row.get("bf_source"), file_row.get("bf_file")):
        name = re.split(r"[/\\]", str(candidate or "").strip())[-1].strip()
        if name.strip(". "):
            return name[:255]
    return "file"


def _storage_name(name: str) -> str:
    """A name the media folder can hold: a file system takes 255 bytes (85 Korean characters)
    and Django's FileField 100 characters with its folder; the title keeps the whole name."""
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 10:
        stem, extension = name, ""
    suffix = f".{extension}" if extension else ""
    while stem and (len(stem + suffix) > 80 or len((stem + suffix).encode()) > 180):
        stem = stem[:-1]
    return (stem.strip() or "file") + suffix


PRIVATE_COLLECTION_NAME = "GnuBoard 비밀글 첨부파일 (비공개) / Secret posts' files (private)"


def private_collection():
    """The collection for files of GnuBoard's secret posts: a login restriction on it means
    only signed-in staff can download them (Wagtail checks it when serving a document; nginx
    never serves documents itself). Made on first use."""
    from wagtail.models import Collection, CollectionViewRestriction

    collection = Collection.objects.filter(name=PRIVATE_COLLECTION_NAME).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=PRIVATE_COLLECTION_NAME)
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    return collection


def _document_collection_set(document, *, private: bool) -> None:
    """Into the private collection for a secret post; out of it (to the root collection) when
    the post is no longer secret. A document staff moved elsewhere is otherwise left alone."""
    from wagtail.models import Collection

    if private:
        wanted = private_collection()
    elif document.collection.name == PRIVATE_COLLECTION_NAME:
        wanted = Collection.get_first_root_node()
    else:
        return
    if document.collection_id != wanted.pk:
        type(document).objects.filter(pk=document.pk).update(collection=wanted)
        document.collection = wanted
