"""The Redis cache backend (accmr.lib.redis_cache) against the Redis server CI runs on
127.0.0.1:6379: the cache works, through one Redis client per connection pool."""

import uuid

import pytest
import redis

from accmr.lib import ratelimit
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


def test_a_counter_counts_and_expires_from_its_first_count(redis_cache):
    assert [redis_cache.count("hits", 60) for _ in range(3)] == [1, 2, 3]
    assert redis_cache.get("hits") == 3  # the same value get() and incr() see
    client = redis_cache._cache.get_client()
    key = redis_cache.make_and_validate_key("hits")
    assert 0 < client.ttl(key) <= 60
    redis_cache.count("hits", 600)  # a later count does not push the end back
    assert client.ttl(key) <= 60


def test_a_limit_over_redis_refuses_past_its_count(redis_cache, monkeypatch):
    monkeypatch.setattr(ratelimit, "cache", redis_cache)
    limit = ratelimit.Limit("test", count=3, seconds=60)
    assert [limit.hit("192.0.2.1") for _ in range(5)] == [True, True, True, False, False]
    assert limit.exhausted("192.0.2.1")
    assert limit.hit("192.0.2.2")  # another client counts on its own
    assert not limit.exhausted("192.0.2.2")
