"""The only code that touches card folders: safe YAML, loading, the catalog, the lock, publishing."""
