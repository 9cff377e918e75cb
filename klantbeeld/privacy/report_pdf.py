"""The inzage report as a readable PDF (AVG 15): headings per section, plain rows of text."""

from __future__ import annotations

from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

_LABELS = {"organisatie", "klant_id", "opgesteld_op"}


def report_pdf(report: dict[str, Any]) -> bytes:
    styles = getSampleStyleSheet()
    story: list[Any] = [
        Paragraph(f"Uw gegevens bij {escape(report['organisatie'])}", styles["Title"]),
        Paragraph(
            f"Opgesteld op {escape(report['opgesteld_op'])}. Klant-id {escape(report['klant_id'])}.",
            styles["Normal"],
        ),
        Spacer(1, 0.4 * cm),
    ]
    for section, content in report.items():
        if section in _LABELS:
            continue
        story.append(Paragraph(escape(section), styles["Heading2"]))
        story.extend(_paragraphs(content, styles["Normal"]))
    buffer = BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, title="Inzage in uw gegevens", lang="nl")
    document.build(story)
    return buffer.getvalue()


def _paragraphs(content: Any, style: Any) -> list[Any]:
    if not content:
        return [Paragraph("Niets vastgelegd.", style)]
    if isinstance(content, dict):
        return [
            Paragraph(f"<b>{escape(str(key))}</b>: {escape(_text(value))}", style)
            for key, value in content.items()
        ]
    return [Paragraph(escape(_text(item)), style) for item in content]


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(
            f"{key}: {_text(item)}" for key, item in value.items() if item not in (None, "", [])
        )
    if isinstance(value, list):
        return ", ".join(_text(item) for item in value) or "—"
    return "—" if value is None else str(value)
