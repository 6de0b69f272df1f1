"""Several card fields in one Markdown text, and back: `**Label:** text` parts and `- item` lists.

CHAI has one free-text element where our card has several fields (its IntendedUseAndWorkflow holds our
purpose, workflow, decision role and benefits). Export writes them as labelled Markdown parts, which a
person reads naturally; import splits them again by the same labels, so a round trip keeps each field.
Text written by someone else has no labels: it all lands in `lead`, verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

Part = tuple[str, str | Sequence[str] | None]


def bullets(items: Iterable[str]) -> str:
    """A Markdown list; continuation lines are indented so a multi-line item stays one item."""
    return "\n".join("- " + item.strip().replace("\n", "\n  ") for item in items)


def compose(lead: str | None, parts: Sequence[Part]) -> str:
    """`lead`, then one `**Label:** value` paragraph per part that has a value (lists as bullets)."""
    blocks = [lead.strip()] if lead and lead.strip() else []
    for label, value in parts:
        if value is None or (not isinstance(value, str) and not value):
            continue
        if isinstance(value, str):
            blocks.append(f"**{label}:** {value.strip()}")
        else:
            blocks.append(f"**{label}:**\n{bullets(value)}")
    return "\n\n".join(blocks)


def split(text: str | None, labels: Iterable[str]) -> tuple[str, dict[str, str]]:
    """(lead, {label: body}) for the known `labels`; an unlabelled text is all lead."""
    text = (text or "").strip()
    names = sorted(set(labels), key=len, reverse=True)  # longest first: "Update scope" before "Update"
    if not names:
        return text, {}
    pattern = re.compile(r"^\*\*(" + "|".join(map(re.escape, names)) + r"):\*\*[ \n]?", re.MULTILINE)
    matches = list(pattern.finditer(text))
    if not matches:
        return text, {}
    lead = text[: matches[0].start()].strip()
    parts: dict[str, str] = {}
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following is not None else len(text)
        parts.setdefault(match.group(1), text[match.end() : end].strip())
    return lead, parts


def items(body: str | None) -> list[str]:
    """Items of a `- item` list written by `bullets`; a body that is not a list is one item."""
    body = (body or "").strip()
    if not body:
        return []
    if not body.startswith("- "):
        return [body]
    found: list[str] = []
    for line in body.split("\n"):
        if line.startswith("- "):
            found.append(line[2:])
        elif found:
            found[-1] += "\n" + (line[2:] if line.startswith("  ") else line)
    return [item.strip() for item in found]


def sections(text: str | None, marker: str = "####") -> list[tuple[str, str]]:
    """(heading, body) for each `#### heading` section; text before the first heading is dropped."""
    text = (text or "").strip()
    pattern = re.compile(r"^" + re.escape(marker) + r" (.+)$", re.MULTILINE)
    matches = list(pattern.finditer(text))
    if not matches:
        return []
    out: list[tuple[str, str]] = []
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following is not None else len(text)
        out.append((match.group(1).strip(), text[match.end() : end].strip()))
    return out
