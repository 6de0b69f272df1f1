"""How cards change between versions: the diff, its wording, the notice check, the one version order."""
