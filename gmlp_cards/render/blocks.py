"""A tiny document model for a tier: the same blocks are drawn by Streamlit and by the HTML export.

Deciding *what* a tier shows happens once (gmlp_cards.tiers.pages, tiers.patient); the screen and the
printable file only decide *how*. Text in a `Markdown` block is untrusted card text and is always
rendered through `safe_markdown.to_html`; every other string is a plain label and is escaped by the renderer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlencode

import pandas as pd

from gmlp_cards.evidence.icon_array import OutcomeCounts

if TYPE_CHECKING:  # plotly is only needed when a figure is actually drawn
    from plotly.graph_objects import Figure

NoticeKind = Literal["info", "warning", "error", "success"]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2  # 2 = section, 3 = subsection
    anchor: str = ""


@dataclass(frozen=True)
class Markdown:
    """Untrusted card text (Markdown)."""

    text: str


@dataclass(frozen=True)
class Facts:
    """Label/value pairs; labels are ours, values are card Markdown. `brief`: on a phone's screen, a
    value longer than this many characters shows its first words and "Show all" (render/brief.py);
    0, and every other format: whole."""

    items: tuple[tuple[str, str], ...]
    brief: int = 0


@dataclass(frozen=True)
class Bullets:
    """A list of card Markdown items, optionally under a plain label; `brief` as for Facts."""

    items: tuple[str, ...]
    label: str = ""
    brief: int = 0


@dataclass(frozen=True)
class Table:
    """A table; cells are plain values, escaped by every renderer."""

    caption: str
    frame: pd.DataFrame = field(compare=False)
    note: str = ""


@dataclass(frozen=True)
class Chart:
    """A figure built on demand (plotly is heavy), always followed by a table equivalent."""

    caption: str
    make: Callable[[], Figure] = field(compare=False)


@dataclass(frozen=True)
class IconArray:
    """One mark per person out of `counts.total`, by outcome; `labels` name each outcome (ours).

    Always followed by its text equivalent (a `Bullets` block): the marks alone say nothing to a
    screen reader. Streamlit draws it with plotly, the HTML export as inline SVG (no script).
    """

    counts: OutcomeCounts
    labels: tuple[tuple[str, str], ...]
    title: str


@dataclass(frozen=True)
class DeviceLink:
    """A link to a device page at one version and tier; tier `patient` is the patient page (`lang`)."""

    label: str
    device_id: str
    version: str
    tier: str = "front"
    lang: str = ""

    @property
    def to_patient_page(self) -> bool:
        return self.tier == "patient"

    def query(self) -> dict[str, str]:
        """The page's query parameters: the patient page takes a language, the device page a tier."""
        if self.to_patient_page:
            return {"device": self.device_id, "version": self.version, **self.language()}
        return {"device": self.device_id, "version": self.version, "tier": self.tier}

    def url(self, base: str = "") -> str:
        return f"{base}/{'patient' if self.to_patient_page else 'device'}?{urlencode(self.query())}"

    def language(self) -> dict[str, str]:
        return {"lang": self.lang} if self.lang else {}


@dataclass(frozen=True)
class Notice:
    """A banner in our words; `text` is a plain label (it may quote versions and names)."""

    kind: NoticeKind
    text: str
    link: DeviceLink | None = None


@dataclass(frozen=True)
class Badge:
    text: str
    kind: NoticeKind = "warning"


@dataclass(frozen=True)
class ReportLink:
    """The way to report a concern about this device version."""

    device_id: str
    version: str
    label: str = "Report a concern about this device"


Block = (
    Heading
    | Markdown
    | Facts
    | Bullets
    | Table
    | Chart
    | IconArray
    | Notice
    | Badge
    | ReportLink
    | DeviceLink
)


def report_url(device_id: str, version: str, base: str = "") -> str:
    """Deep link to the concern form (views/report.py) for one device version."""
    return f"{base}/report?{urlencode({'device': device_id, 'version': version})}"
