"""The quantiles behind every recomputed interval are scipy.stats' own, bit for bit, without importing
scipy.stats (issue 17: that import was two seconds of the first page after a restart)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from scipy.stats import beta, norm, t

from gmlp_cards.model.intervals import beta_quantile, normal_quantile, t_quantile

LEVELS = (0.005, 0.025, 0.05, 0.1, 0.5, 0.9, 0.95, 0.975, 0.995)


@pytest.mark.parametrize("q", LEVELS)
def test_the_normal_quantile_is_scipy_stats_norm_ppf(q: float) -> None:
    assert normal_quantile(q) == float(norm.ppf(q))


@pytest.mark.parametrize("q", LEVELS)
def test_the_beta_quantile_is_scipy_stats_beta_ppf(q: float) -> None:
    # Clopper-Pearson's (x, n - x + 1) and (x + 1, n - x), Jeffreys' half-integer shapes.
    shapes = [(a, b) for a in (1, 2, 7, 81, 380, 999) for b in (1, 3, 20, 183, 621)]
    shapes += [(a + 0.5, b + 0.5) for a, b in shapes]
    assert [beta_quantile(q, a, b) for a, b in shapes] == [float(beta.ppf(q, a, b)) for a, b in shapes]


@pytest.mark.parametrize("q", LEVELS)
def test_the_t_quantile_is_scipy_stats_t_ppf(q: float) -> None:
    degrees = (1, 2, 5, 29, 30, 99, 499, 4999)
    assert [t_quantile(q, df) for df in degrees] == [float(t.ppf(q, df)) for df in degrees]


def test_the_card_model_and_the_version_judgement_load_without_scipy() -> None:
    probe = (
        "import sys, gmlp_cards.model, gmlp_cards.versions.judgement; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy'))"
    )
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"
