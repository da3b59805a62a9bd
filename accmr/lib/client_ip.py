"""The one client-IP rule of the portal: who is this request from?

Every limit keyed by the visitor's address uses `client_ip(request)`: the log-in lock-out
(django-axes, through AXES_CLIENT_IP_CALLABLE), the problem-report limit, the password-reset
limits and the open-data rate limits.

- With no proxy in front (PROXY_COUNT=0, the default) the answer is the peer address,
  REMOTE_ADDR; an X-Forwarded-For header is the visitor's own invention and is ignored.
- With PROXY_COUNT=N the header is believed only when the peer is one of the trusted proxies
  (FORWARDED_ALLOW_IPS: addresses or networks, `*` for any, as gunicorn reads it). Each proxy
  appends the address it received the request from, so the client is the N-th address from the
  right: whatever a visitor writes into the header themselves stays to the left and is skipped.
- A header that is shorter than the proxy chain, or holds something that is not an address,
  gives the peer address: the request did not come the way the deployment says it does.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest


def _address(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 203.0.113.5:443
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


@lru_cache(maxsize=8)
def _trusted_networks(spec: tuple[str, ...]) -> tuple | None:
    """None means any peer is trusted (`*`)."""
    if "*" in spec:
        return None
    networks = []
    for item in spec:
        try:
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            continue  # a host name gunicorn would accept; we cannot match it, so never trust it
    return tuple(networks)


def _peer_is_trusted(peer: str | None) -> bool:
    if peer is None:
        return False
    networks = _trusted_networks(tuple(settings.FORWARDED_ALLOW_IPS))
    if networks is None:
        return True
    address = ipaddress.ip_address(peer)
    return any(address in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The visitor's address by the rule above (an empty string if the server gave none)."""
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.PROXY_COUNT
    if proxies <= 0 or not _peer_is_trusted(peer):
        return peer or ""
    chain = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(chain) < proxies:
        return peer or ""
    return _address(chain[-proxies]) or peer or ""


def axes_client_ip(request: HttpRequest) -> str:
    """AXES_CLIENT_IP_CALLABLE: django-axes keys its lock-outs by this address."""
    return client_ip(request)
