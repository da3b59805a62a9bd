"""The members' back office, one module per job; importing them registers their admins.

- directory: organisations, services, locations, vocabularies.
- review: proposed changes, editors and invitations (member self-service).
- reports: visitors' problem reports and their follow-up (assign, forward, answer, close).
- base: pieces every app's admin shares (normalised search, history with revert, filters).
- import_export: CSV/XLSX import and export with file checks and a preview.
"""

from members.admin import directory, reports, review  # noqa: F401
