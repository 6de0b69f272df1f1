"""The per-report incident document (concerns.incident_form) as JSON and as a printable HTML page.

Every value (the reporter's narrative, a desk note, a card's words) is escaped text in the HTML: none
of it becomes markup. The page loads nothing (no scripts, no remote styles or images), and its
Content-Security-Policy says so to the browser that opens the downloaded file.
"""

from __future__ import annotations

import json
from html import escape

from .incident_fields import TO_COMPLETE, FormSection, IncidentDocument

_FORMS = (
    ("fda_3500a", "FDA Form 3500A (MedWatch, mandatory reporting)"),
    ("eu_mir", "EU Manufacturer Incident Report"),
)
_POLICY = "default-src 'none'; style-src 'unsafe-inline'"  # nothing loads; only the inline style
_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #111; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }
th, td { border: 1px solid #888; padding: .3rem .5rem; text-align: left; vertical-align: top; }
td.value { white-space: pre-wrap; }
.todo { font-weight: bold; color: #8a1c00; }
.source { color: #444; font-size: .9em; }
"""


def to_json(document: IncidentDocument) -> str:
    """JSON text: both forms, each field with its number, label, value (null: to complete), source."""

    def sections(found: tuple[FormSection, ...]) -> list[dict[str, object]]:
        return [
            {
                "section": s.number,
                "title": s.title,
                "fields": [
                    {"number": f.number, "label": f.label, "value": f.value, "source": f.source or None}
                    for f in s.fields
                ],
            }
            for s in found
        ]

    data = {
        "receipt": document.receipt,
        "prepared_on": document.prepared_on.isoformat(),
        "to_complete": TO_COMPLETE,
        "fda_3500a": sections(document.fda_3500a),
        "eu_mir": sections(document.eu_mir),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_html(document: IncidentDocument) -> str:
    """A standalone HTML page of both forms; fields to complete are marked, every value escaped."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">',
        f"<title>Incident report draft {escape(document.receipt)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>Incident report draft for {escape(document.receipt)}</h1>",
        f"<p>Prepared on {document.prepared_on.isoformat()} from the portal's records. Fields marked "
        f'<span class="todo">{TO_COMPLETE}</span> are not known to the portal and must be completed by '
        "the regulatory team before filing; nothing here was filed.</p>",
    ]
    for key, title in _FORMS:
        parts.append(f"<h2>{escape(title)}</h2>")
        for section in getattr(document, key):
            parts.append(f"<h3>{escape(section.number)}. {escape(section.title)}</h3>")
            parts.append(
                '<table><tr><th scope="col">Field</th><th scope="col">Value</th>'
                '<th scope="col">From</th></tr>'
            )
            for field in section.fields:
                value = (
                    f'<span class="todo">{TO_COMPLETE}</span>' if field.value is None else escape(field.value)
                )
                parts.append(
                    f'<tr><th scope="row">{escape(field.number)} {escape(field.label)}</th>'
                    f'<td class="value">{value}</td><td class="source">{escape(field.source)}</td></tr>'
                )
            parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
