import pytest

from tests.factories import make_coordinator


@pytest.fixture
def coordinator(client):
    """A coordinator, logged in on the test's `client`."""
    user = make_coordinator(email="coordinator@example.org")
    client.force_login(user)
    return user
