"""The bulletin\x27s views, one module per section."""
