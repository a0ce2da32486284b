"""Upload checks shared by every app: allowed types (by extension *and* content), size and,
for images, pixels; and the file side of deleting or failing to save a row."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

# Extension → the magic bytes the file must start with (Office files are zip or OLE).
_SIGNATURES = {
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".ppt": (b"\xd0\xcf\x11\xe0",),
}
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp")
DOCUMENT_EXTENSIONS = (".pdf", ".docx", ".xlsx", ".pptx", ".doc", ".xls", ".ppt")
EVIDENCE_EXTENSIONS = IMAGE_EXTENSIONS + DOCUMENT_EXTENSIONS


class UploadValidator:
    """Checks an uploaded file's extension, its first bytes and its size."""

    def __init__(self, extensions: tuple[str, ...] = EVIDENCE_EXTENSIONS, max_bytes=None):
        self.extensions = extensions
        self.max_bytes = max_bytes

    def __call__(self, upload) -> None:
        ext = Path(upload.name).suffix.lower()
        allowed = ", ".join(e.lstrip(".") for e in self.extensions)
        if ext not in self.extensions:
            raise ValidationError(
                _("Files of type “%(ext)s” are not accepted. Allowed types: %(allowed)s."),
                code="file_type",
                params={"ext": ext or "?", "allowed": allowed},
            )
        limit = self.max_bytes or settings.UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("The file is %(size)s; the largest accepted is %(limit)s."),
                code="file_size",
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        position = upload.tell() if hasattr(upload, "tell") else 0
        upload.seek(0)
        head = upload.read(16)
        upload.seek(position)
        if not any(head.startswith(sig) for sig in _SIGNATURES[ext]):
            raise ValidationError(
                _("The file’s content does not match its type “%(ext)s”."),
                code="file_content",
                params={"ext": ext},
            )
        if ext in IMAGE_EXTENSIONS:
            validate_image_pixels(upload)

    def __eq__(self, other) -> bool:  # needed for migrations
        return (
            isinstance(other, UploadValidator)
            and self.extensions == other.extensions
            and self.max_bytes == other.max_bytes
        )

    def deconstruct(self):
        return (
            "portal.uploads.UploadValidator",
            (),
            {"extensions": self.extensions, "max_bytes": self.max_bytes},
        )


def validate_image_pixels(upload) -> None:
    """Refuse an image of more than UPLOAD_MAX_PIXELS pixels. Pillow reads the size from the
    header without decoding the image, so a small file that would unpack into gigabytes
    (50,000 × 50,000 pixels compress to a few hundred kilobytes) is refused cheaply."""
    limit = settings.UPLOAD_MAX_PIXELS
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            width, height = image.size
    except Image.DecompressionBombError:  # Pillow's own, far higher limit
        width = height = limit
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise ValidationError(_("The image cannot be read."), code="image_invalid") from error
    finally:
        upload.seek(position)
    if width * height > limit:
        raise ValidationError(
            _("The image is %(width)s × %(height)s pixels; the largest accepted is "
              "%(megapixels)s megapixels."),
            code="image_pixels",
            params={"width": width, "height": height, "megapixels": limit // 1_000_000})


validate_evidence = UploadValidator(EVIDENCE_EXTENSIONS)
validate_image = UploadValidator(IMAGE_EXTENSIONS)


@contextmanager
def files_removed_on_failure() -> Iterator[list]:
    """Inside a service's transaction: the caller appends each FieldFile *before* saving its
    row (the file is stored during the save, which may then fail); if the block fails, its
    rows roll back and the files stored so far are deleted, so no file is left that no row
    names. (A process killed mid-upload can still leave one: `manage.py orphan_files`.)"""
    stored: list = []
    try:
        yield stored
    except BaseException:
        for field_file in stored:
            if field_file and field_file._committed:  # stored, not still the upload
                field_file.storage.delete(field_file.name)
        raise


def save_with_files(rows: list, field: str) -> list:
    """Inside a service's transaction: check every row (its file's type, size, pixels) before
    any file is stored, then save them; a failure leaves neither rows nor files. A model with
    a ``thumbnail`` field gets one for each image (`make_thumbnail`)."""
    for row in rows:
        row.full_clean()
    with files_removed_on_failure() as stored:
        for row in rows:
            if hasattr(row, "thumbnail"):
                make_thumbnail(row, field, stored=stored)
            stored.append(getattr(row, field))
            row.save()
    return rows


def delete_file_on_commit(field_file) -> None:
    """Delete a stored file once the transaction that dropped its row commits: a failure
    before the commit then leaves the row and its file, never a row without a file."""
    if not field_file:
        return
    name, storage = field_file.name, field_file.storage
    transaction.on_commit(lambda: storage.delete(name))


NAME_MAX = 200  # the original-name fields' max_length


def short_name(name: str, max_length: int = NAME_MAX, extension: str = "") -> str:
    """A file name fit to show and to download: no folders, no control or invisible format
    characters (a right-to-left override can make ``gif.exe`` look like ``exe.gif``), at most
    ``max_length`` characters with its extension kept: the stem is cut, never the ``.gif``
    (cutting ``"a"*197 + ".js.gif"`` to 200 once left ``.js``). ``extension``: the type the
    portal validated, added when the name does not already end with it."""
    name = Path(str(name or "").replace("\\", "/")).name
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf")).strip()
    if extension and not name.lower().endswith(extension.lower()):
        name = f"{name}{extension}" if name.strip(".") else f"file{extension}"
    suffix = extension or Path(name).suffix
    if len(name) > max_length:
        if len(suffix) < max_length:
            name = name[:max_length - len(suffix)].rstrip(" .") + suffix
        else:
            name = name[:max_length]
    return name


def upload_name(upload) -> str:
    """An upload's own file name (no folders), as the user's computer named it: kept beside
    the stored, renamed file and shown in lists and as the download's name; shortened to
    200 characters keeping the extension its type was checked by."""
    return short_name(upload.name or "")


# --- thumbnails ----------------------------------------------------------------------------
# Pages show a small JPEG made on the server, never the original (which may be 40 megapixels);
# the original is reached by its own link. A thumbnail is stored beside its original.

THUMBNAIL_MAX_PX = 480  # longest side
THUMBNAIL_QUALITY = 80


def thumbnail_bytes(source, max_px: int = THUMBNAIL_MAX_PX) -> bytes | None:
    """A JPEG of at most ``max_px`` on its longest side, or None if ``source`` (a file-like
    object positioned anywhere) is not a readable image."""
    from io import BytesIO

    from PIL import ImageOps

    position = source.tell() if hasattr(source, "tell") else 0
    source.seek(0)
    try:
        with Image.open(source) as image:
            image.draft("RGB", (max_px, max_px))  # JPEG: decode at a reduced size
            image = ImageOps.exif_transpose(image)
            image.thumbnail((max_px, max_px))
            if image.mode not in ("RGB", "L"):
                background = Image.new("RGB", image.size, "white")
                rgba = image.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                image = background
            out = BytesIO()
            image.save(out, "JPEG", quality=THUMBNAIL_QUALITY, optimize=True)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        source.seek(position)


def thumbnail_name(original_name: str) -> str:
    path = Path(original_name)
    return f"{path.stem}.thumb.jpg"


def make_thumbnail(row, source_field: str, *, stored: list | None = None) -> bool:
    """Give ``row.thumbnail`` a thumbnail of the image in ``source_field`` (stored at once,
    beside the original; the row is not saved). ``stored``: a `files_removed_on_failure`
    list the thumbnail joins, so a failed save leaves no thumbnail either. False if the file
    is not an image."""
    from django.core.files.base import ContentFile

    source = getattr(row, source_field)
    if not source or Path(source.name).suffix.lower() not in IMAGE_EXTENSIONS:
        return False
    handle = source.file if not source._committed else source.open("rb")
    try:
        data = thumbnail_bytes(handle)
    finally:
        if source._committed:
            source.close()
    if data is None:
        return False
    row.thumbnail.save(thumbnail_name(source.name), ContentFile(data), save=False)
    if stored is not None:
        stored.append(row.thumbnail)
    return True


def serve_thumbnail(row, filename: str):
    """The thumbnail of a row's image as a response (not an access-log download: it is part
    of a page); 404 if the row has none (never the original)."""
    from django.http import Http404

    if not row.thumbnail:
        raise Http404  # not an image, or made before thumbnails: `manage.py make_thumbnails`
    response = serve_upload(row.thumbnail, thumbnail_name(filename))
    response.access_log = False
    response["Cache-Control"] = "private, max-age=86400"
    return response


# --- serving -------------------------------------------------------------------------------
# A stored file is served with the type the portal checked at upload, never a guess from a
# name: UploadValidator accepted the upload's extension (and its first bytes), and storage
# keeps that extension when it renames or shortens (it cuts the stem), so the stored name's
# extension is the portal's record of the type. Every file response forbids sniffing and any
# script (a sandboxed CSP), and is an attachment unless it is an image Pillow reads as the
# format its extension says.

CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
}
UNKNOWN_TYPE = "application/octet-stream"
IMAGE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF", ".webp": "WEBP"}
FILE_CSP = "sandbox; default-src 'none'"


def stored_extension(field_file) -> str:
    """The extension of a stored file's name, lower case (the validated one, see above)."""
    return Path(field_file.name or "").suffix.lower()


def is_image_of_type(handle, extension: str) -> bool:
    """Whether Pillow reads ``handle`` as the image format ``extension`` names (the header
    only: cheap); the handle is put back at its start."""
    expected = IMAGE_FORMATS.get(extension)
    if expected is None:
        return False
    try:
        handle.seek(0)
        with Image.open(handle, formats=[expected]) as image:
            return image.format == expected
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError,
            Image.DecompressionBombError):
        return False
    finally:
        handle.seek(0)


def serve_upload(field_file, filename: str = "", *, inline_images: bool = True):
    """A stored file (an upload, or a file the portal made) as a response: its type from its
    validated extension, ``X-Content-Type-Options: nosniff``, a sandboxed CSP with no script,
    and ``Content-Disposition: attachment`` unless it is an image whose decoded format
    matches its extension (then inline, when ``inline_images``). ``filename``: the name to
    download it as (the user's own name), sanitised and ending in the validated extension.
    404 if the file is missing."""
    from django.http import FileResponse, Http404

    if not field_file:
        raise Http404
    extension = stored_extension(field_file)
    content_type = CONTENT_TYPES.get(extension, UNKNOWN_TYPE)
    if content_type == UNKNOWN_TYPE:
        extension = ""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    inline = inline_images and is_image_of_type(handle, extension)
    name = short_name(filename or field_file.name, extension=extension) or "file"
    response = FileResponse(handle, as_attachment=not inline, filename=name,
                            content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP  # the portal's CSP middleware keeps it
    return response
