"""Write a ModelCard as a card file our loader reads back: plain YAML, field order kept, no aliases."""

from __future__ import annotations

from typing import Any

import yaml

from gmlp_cards.model import ModelCard

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../schema/model-card.schema.json"


class _Dumper(yaml.SafeDumper):
    """Our loader refuses YAML aliases, so identical sub-mappings are written out each time."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Multi-line text as a literal block, so Markdown paragraphs stay readable in the file.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump_card(card: ModelCard, header: str = "") -> str:
    """YAML text of `card`, with the schema comment and `header` lines as comments on top."""
    data = card.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    body = yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )
    comments = [SCHEMA_COMMENT] + [f"# {line}".rstrip() for line in header.splitlines()]
    return "\n".join(comments) + "\n" + body
