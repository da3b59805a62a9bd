"""Seed data for the directory (facts copied from the project's reference data)."""


def seed_vocabularies() -> None:
    """Organisation types, service categories, population groups and languages."""


def seed_organisations() -> None:
    """ACCMR, its member organisations and the City of Athens' municipal bodies."""


def seed_scale(count: int, *, stdout=None) -> None:
    """Add `count` synthetic example organisations with about five services each."""
