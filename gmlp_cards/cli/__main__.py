"""`python -m gmlp_cards.cli`: the same as the `gmlp-cards` script."""

import sys

from gmlp_cards.cli.main import main

sys.exit(main())
