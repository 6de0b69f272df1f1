"""CHAI applied model card v0.2: export, import (an importer, section readers over one Source), the XSDs."""
