"""The editors' pages, one module per section."""
