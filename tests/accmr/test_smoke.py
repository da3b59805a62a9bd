import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["el", "en"])
def test_home_page_renders_in_each_language(client, lang):
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.content.decode()


def test_healthz_answers_when_database_is_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
