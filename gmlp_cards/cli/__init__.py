"""The `gmlp-cards` command line: one module per command group, each registered by `cli.main`."""
