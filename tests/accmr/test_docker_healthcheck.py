import importlib.util
from pathlib import Path
from unittest import mock

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "docker" / "healthcheck.py"


@pytest.fixture
def healthcheck():
    spec = importlib.util.spec_from_file_location("docker_healthcheck", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Response:
    def __init__(self, status):
        self.status = status

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.mark.parametrize(
    "allowed_hosts, host",
    [
        ("portal.example.org,127.0.0.1", "portal.example.org"),
        (".example.org", "example.org"),
        ("*", "localhost"),
        ("", "localhost"),
    ],
)
def test_docker_healthcheck_asks_healthz_with_an_allowed_host(
    healthcheck, monkeypatch, allowed_hosts, host
):
    monkeypatch.setenv("ALLOWED_HOSTS", allowed_hosts)
    monkeypatch.setenv("BIND", "0.0.0.0:8000")
    with mock.patch("urllib.request.urlopen", return_value=_Response(200)) as urlopen:
        assert healthcheck.main() == 0

    request = urlopen.call_args.args[0]
    assert request.full_url == "http://127.0.0.1:8000/healthz"
    assert request.get_header("Host") == host


def test_docker_healthcheck_fails_when_healthz_fails(healthcheck, monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "portal.example.org")
    with mock.patch("urllib.request.urlopen", side_effect=OSError("503")):
        assert healthcheck.main() == 1
