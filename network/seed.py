"""Seed data for the Cities Network (facts copied from the project's reference data)."""


def seed_network() -> None:
    """The network's municipalities, their structures and example good practices."""
