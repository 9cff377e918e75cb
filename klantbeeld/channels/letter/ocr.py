"""Reading a scanned letter: Tesseract 5 with the Dutch model, pages rendered with pdfium
(issue 5 "Letter"; POST-05, CH-09).

Tesseract runs as a subprocess (``tesseract - stdout -l nld --psm 1 tsv``) with a time limit
per page, so a pathological scan cannot hang a worker. The TSV output gives every word with
its confidence; the text is rebuilt from it by block, paragraph and line, so one run yields
both. The type of a file is decided by its bytes (signature), never by its name: a text file
renamed ``.pdf`` is not a letter.

Nothing here touches the database; the adapter decides what an unreadable scan means.
"""

from __future__ import annotations

import io
import itertools
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

TESSERACT = "tesseract"
LANGUAGE = "nld"
RENDER_DPI = 300
PAGE_TIMEOUT_SECONDS = 90
# A letter is a few pages; a 500-page PDF is not a letter and would hold a worker for an hour.
MAX_PAGES = 30
# A4 at 300 dpi is 8.7 megapixels; anything far beyond is not a page scan.
MAX_PIXELS = 60_000_000

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
_SIGNATURES = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
)


class OcrUnavailable(RuntimeError):
    """The tesseract binary or its Dutch model is not installed on this machine."""


class UnreadableDocument(ValueError):
    """The bytes claim a known type but cannot be opened (a truncated PDF, a broken PNG)."""


@dataclass(frozen=True)
class PageText:
    number: int
    text: str
    # Mean of Tesseract's word confidences (0-100); 0.0 for a page without words.
    confidence: float
    words: int


@dataclass(frozen=True)
class DocumentText:
    pages: tuple[PageText, ...]
    seconds: float

    @property
    def text(self) -> str:
        return "\n\n".join(page.text for page in self.pages if page.text).strip()

    @property
    def words(self) -> int:
        return sum(page.words for page in self.pages)

    @property
    def confidence(self) -> float:
        """Word-weighted mean confidence over all pages (a blank back side does not count)."""
        if not self.words:
            return 0.0
        return sum(page.confidence * page.words for page in self.pages) / self.words


def media_type(content: bytes) -> str | None:
    """PDF, PNG, JPEG or TIFF as the signature proves it; None for anything else."""
    for signature, kind in _SIGNATURES:
        if content.startswith(signature):
            return kind
    return None


@cache
def _languages(binary: str) -> tuple[str, ...]:
    completed = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
    )
    lines = (completed.stdout + completed.stderr).splitlines()
    return tuple(line.strip() for line in lines if line.strip() and " " not in line.strip())


def ocr_check() -> None:
    """Raise :class:`OcrUnavailable` saying what to install when OCR cannot run here."""
    binary = shutil.which(TESSERACT)
    if binary is None:
        raise OcrUnavailable(
            "Tesseract is niet geïnstalleerd (apt-get install tesseract-ocr tesseract-ocr-nld)."
        )
    try:
        languages = _languages(binary)
    except (OSError, subprocess.SubprocessError) as exc:
        raise OcrUnavailable(f"Tesseract start niet: {exc}") from exc
    if LANGUAGE not in languages:
        raise OcrUnavailable(
            "Het Nederlandse taalmodel van Tesseract ontbreekt (apt-get install tesseract-ocr-nld)."
        )


def ocr_available() -> bool:
    try:
        ocr_check()
    except OcrUnavailable:
        return False
    return True


def document_read(content: bytes) -> DocumentText:
    """OCR every page of a PDF, PNG, JPEG or (multi-page) TIFF scan.

    Raises :class:`OcrUnavailable`, :class:`UnreadableDocument` (also for an unknown type) or
    ``subprocess.TimeoutExpired`` when a page takes longer than the time limit."""
    ocr_check()
    kind = media_type(content)
    if kind is None:
        raise UnreadableDocument("Geen PDF, PNG, JPEG of TIFF.")
    started = time.monotonic()
    pages = tuple(
        _page_read(number, image)
        for number, image in enumerate(_page_images(content, kind), start=1)
    )
    return DocumentText(pages=pages, seconds=time.monotonic() - started)


def _page_images(content: bytes, kind: str) -> Iterator[Image.Image]:
    if kind == PDF:
        yield from _pdf_pages(content)
        return
    try:
        picture = Image.open(io.BytesIO(content))
        frames = getattr(picture, "n_frames", 1)
        if frames > MAX_PAGES:
            raise UnreadableDocument(f"Meer dan {MAX_PAGES} pagina's.")
        for frame in ImageSequence.Iterator(picture):
            if frame.width * frame.height > MAX_PIXELS:
                raise UnreadableDocument("Afbeelding te groot voor een paginascan.")
            # A phone photo carries its rotation in EXIF; Tesseract does not read EXIF.
            yield ImageOps.exif_transpose(frame.convert("L"))
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as exc:
        raise UnreadableDocument(f"Afbeelding kan niet worden geopend: {exc}") from exc


def _pdf_pages(content: bytes) -> Iterator[Image.Image]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(content)
    except pdfium.PdfiumError as exc:
        raise UnreadableDocument(f"PDF kan niet worden geopend: {exc}") from exc
    try:
        if len(document) == 0:
            raise UnreadableDocument("De PDF heeft geen pagina's.")
        if len(document) > MAX_PAGES:
            raise UnreadableDocument(f"Meer dan {MAX_PAGES} pagina's.")
        for index in range(len(document)):
            page = document[index]
            try:
                bitmap = page.render(scale=RENDER_DPI / 72, grayscale=True)
                yield bitmap.to_pil()
            except pdfium.PdfiumError as exc:
                raise UnreadableDocument(f"Pagina {index + 1} kan niet worden gelezen.") from exc
            finally:
                page.close()
    finally:
        document.close()


def _page_read(number: int, image: Image.Image) -> PageText:
    buffer = io.BytesIO()
    # Uncompressed PGM through the pipe: compressing a grainy scan as PNG took longer than the
    # OCR itself (5.6 s against 0.02 s for a 300 dpi A4 page).
    image.save(buffer, format="PPM")
    completed = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [TESSERACT, "-", "stdout", "-l", LANGUAGE, "--psm", "1", "tsv"],
        input=buffer.getvalue(),
        capture_output=True,
        timeout=PAGE_TIMEOUT_SECONDS,
        check=False,
        # One thread per page: on a small machine OpenMP's threads fight the web workers.
        env={**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")},
    )
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip()[-300:]
        raise UnreadableDocument(f"Tesseract kon pagina {number} niet lezen: {message}")
    return tsv_page(number, completed.stdout.decode("utf-8", "replace"))


def tsv_page(number: int, tsv: str) -> PageText:
    """Text and mean word confidence from Tesseract's TSV (level 4 rows are lines, 5 words).

    A blank line is put where the page has vertical white space between two lines, so the
    paragraphs of the letter survive; Tesseract's own paragraph guesses split an address
    block into one paragraph per line."""
    lines: dict[tuple[str, ...], _Line] = {}
    confidences: list[float] = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] not in ("4", "5"):
            continue
        key = tuple(cells[1:5])
        if cells[0] == "4":
            lines[key] = _Line(top=int(cells[7]), height=int(cells[9]))
            continue
        word = cells[11].strip()
        confidence = float(cells[10]) if _is_number(cells[10]) else -1.0
        if word and confidence >= 0 and key in lines:
            lines[key].words.append(word)
            confidences.append(confidence)
    text = "\n".join(_with_paragraph_breaks([line for line in lines.values() if line.words]))
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return PageText(number=number, text=text, confidence=round(mean, 1), words=len(confidences))


def _with_paragraph_breaks(lines: list[_Line]) -> list[str]:
    """The lines, with an empty one where the distance to the previous line is well over the
    page's usual line pitch (its lower quartile:
    a letter has many short paragraphs)."""
    pitches = sorted(b.top - a.top for a, b in itertools.pairwise(lines) if b.top > a.top)
    pitch = pitches[len(pitches) // 4] if pitches else 0
    result: list[str] = []
    for index, line in enumerate(lines):
        if index and pitch and line.top - lines[index - 1].top > 1.5 * pitch:
            result.append("")
        result.append(" ".join(line.words))
    return result


@dataclass
class _Line:
    top: int
    height: int
    words: list[str] = field(default_factory=list)


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True
