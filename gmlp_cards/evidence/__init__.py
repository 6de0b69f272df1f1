"""Pure facts about one card: results, chart tables, applicability, predictive values, icon counts."""
