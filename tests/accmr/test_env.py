import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from accmr.lib.env import env_bool, env_int, env_list, env_str


@pytest.mark.parametrize("raw", ["1", "true", "True", "YES", "on", " 1 "])
def test_env_bool_reads_true(monkeypatch, raw):
    monkeypatch.setenv("FLAG", raw)

    assert env_bool("FLAG") is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_env_bool_reads_false(monkeypatch, raw):
    monkeypatch.setenv("FLAG", raw)

    assert env_bool("FLAG", True) is False


@pytest.mark.parametrize("raw", ["maybe", "2", "yes please", "ture"])
def test_env_bool_refuses_a_malformed_value(monkeypatch, raw):
    monkeypatch.setenv("FLAG", raw)

    with pytest.raises(ImproperlyConfigured, match="FLAG must be a boolean"):
        env_bool("FLAG")


def test_env_bool_uses_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("FLAG", raising=False)

    assert env_bool("FLAG", True) is True
    assert env_bool("FLAG") is False


def test_env_int_reads_a_number_and_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("NUMBER", "42")
    assert env_int("NUMBER", 1) == 42

    monkeypatch.setenv("NUMBER", "forty-two")
    with pytest.raises(ImproperlyConfigured, match="NUMBER must be a whole number"):
        env_int("NUMBER", 1)

    monkeypatch.setenv("NUMBER", "")
    assert env_int("NUMBER", 7) == 7


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example.org, ,b.example.org ,")

    assert env_list("HOSTS") == ["a.example.org", "b.example.org"]


def test_env_str_treats_an_empty_value_as_unset(monkeypatch):
    monkeypatch.setenv("NAME", "")

    assert env_str("NAME", "fallback") == "fallback"


def test_env_list_and_env_str_defaults(monkeypatch):
    monkeypatch.delenv("HOSTS", raising=False)
    monkeypatch.delenv("NAME", raising=False)

    assert env_list("HOSTS", ["x"]) == ["x"]
    assert env_list("HOSTS") == []
    assert env_str("NAME", "fallback") == "fallback"


def test_env_example_documents_every_variable_the_settings_read():
    from pathlib import Path

    base = Path(__file__).resolve().parents[2]
    settings_py = (base / "accmr" / "settings.py").read_text()
    gunicorn_py = (base / "gunicorn.conf.py").read_text()
    example = (base / ".env.example").read_text()
    read = set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z0-9_]+)"', settings_py))
    read |= set(re.findall(r'os\.environ\.get\(\s*"([A-Z0-9_]+)"', gunicorn_py))
    documented = set(re.findall(r"^([A-Z0-9_]+)=", example, flags=re.MULTILINE))

    assert len(read) > 25
    assert read - documented == set()
