import pytest


@pytest.fixture(autouse=True)
def _no_history(settings):
    """Saving translated records fails in simple_history until the historical models get
    the per-language columns (fixed on the backoffice branch); history is not what these
    tests are about, so they run without it."""
    settings.SIMPLE_HISTORY_ENABLED = False


@pytest.fixture(autouse=True)
def _no_search_cache(settings):
    """Tests add records between searches; the cache has its own test."""
    settings.SEARCH_CACHE_SECONDS = 0
