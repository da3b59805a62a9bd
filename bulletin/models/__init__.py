"""The bulletin's models, one module per section, all re-exported here."""
