"""Nobody can grow Redis without bound, and a full cache logs nobody out: Redis has a
maxmemory with LRU eviction in docker-compose.yml, and sessions are written through to the
database (cached_db) whenever Redis holds them."""

import importlib.util
import re
from pathlib import Path

import pytest
from django.core.cache import cache

from tests.factories import make_editor, make_organisation

BASE = Path(__file__).resolve().parents[2]


def test_redis_in_docker_compose_is_bounded_and_evicts_least_recently_used():
    compose = (BASE / "docker-compose.yml").read_text()
    redis = compose.split("\n  redis:\n", 1)[1].split("\n\n", 1)[0]
    assert re.search(r"--maxmemory\n\s+- \$\{REDIS_MAXMEMORY:-\d+mb\}", redis)
    assert re.search(r"--maxmemory-policy\n\s+- allkeys-lru", redis)


def test_with_redis_sessions_are_kept_in_the_database_too(monkeypatch):
    monkeypatch.setenv("DEBUG", "1")
    monkeypatch.setenv("REDIS_URL", "redis://redis:6379/0")
    spec = importlib.util.spec_from_file_location("redis_settings", BASE / "accmr" / "settings.py")
    configured = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(configured)
    assert configured.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"


@pytest.mark.django_db
def test_an_evicted_session_is_read_back_and_the_editor_stays_logged_in(client, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client.force_login(make_editor(make_organisation(), email="editor@example.org"))
    assert client.get("/el/my/").status_code == 200
    cache.clear()  # what allkeys-lru does to every key, under pressure
    assert client.get("/el/my/").status_code == 200
