"""Admin registrations of the members app."""

from members import admin_review  # noqa: F401,E402
