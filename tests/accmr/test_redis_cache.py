"""The Redis cache backend (accmr.lib.redis_cache) against the Redis server CI runs on
127.0.0.1:6379: the cache works, through one Redis client per connection pool."""

import uuid

import pytest
import redis

from accmr.lib.redis_cache import RedisCache

LOCATION = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_cache():
    cache = RedisCache(LOCATION, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield cache
    cache.clear()


def test_values_are_kept_counted_and_forgotten(redis_cache):
    redis_cache.set("page", b"bytes", 60)
    assert redis_cache.get("page") == b"bytes"
    assert redis_cache.add("hits", 1, 60)
    assert not redis_cache.add("hits", 1, 60)
    assert redis_cache.incr("hits") == 2
    redis_cache.delete("page")
    assert redis_cache.get("page") is None


def test_one_redis_client_serves_every_operation(redis_cache, monkeypatch):
    made = []
    real = redis.Redis

    def counting(*args, **kwargs):
        made.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(redis_cache._cache, "_client", counting)
    for number in range(5):
        redis_cache.set(f"key-{number}", number, 60)
        assert redis_cache.get(f"key-{number}") == number
    assert len(made) == 1
