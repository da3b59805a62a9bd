"""Fixed-window counters in the default cache, for the portal's per-client limits.

Keys are hashed (the cache never holds a visitor's address or e-mail). With Redis the counters
are shared by every process; with local memory each process counts on its own, which is only
right for a single process (as the rest of the cache).
"""

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest

from accmr.lib.client_ip import client_ip


@dataclass(frozen=True)
class Limit:
    """At most `count` events per `seconds` for one subject, under the name `scope`."""

    scope: str
    count: int
    seconds: int

    def _key(self, subject: str) -> str:
        window = int(time.time()) // self.seconds
        digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
        return f"ratelimit:{self.scope}:{window}:{digest}"

    def retry_after(self) -> int:
        """Seconds until the current window ends (at least 1)."""
        return max(1, self.seconds - int(time.time()) % self.seconds)

    def exhausted(self, subject: str) -> bool:
        return (cache.get(self._key(subject)) or 0) >= self.count

    def hit(self, subject: str) -> bool:
        """Count one event; False when it goes past the limit."""
        key = self._key(subject)
        if hasattr(cache, "count"):  # Redis (accmr.lib.redis_cache): one round trip
            return cache.count(key, self.seconds + 1) <= self.count
        if cache.add(key, 1, timeout=self.seconds + 1):
            return self.count >= 1
        try:
            return cache.incr(key) <= self.count
        except ValueError:  # expired in between
            cache.set(key, 1, timeout=self.seconds + 1)
            return True

    def hit_client(self, request: HttpRequest) -> bool:
        return self.hit(client_ip(request))

    def client_exhausted(self, request: HttpRequest) -> bool:
        return self.exhausted(client_ip(request))
