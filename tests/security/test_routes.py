"""The route list that the security checks iterate over covers the whole URL map."""

from tests.security.routes import BUILDABLE, ROUTES, UNBUILDABLE, is_buildable


def test_every_route_can_be_built_for_the_security_checks():
    missing = [r.path for r in ROUTES if not is_buildable(r) and r.path not in UNBUILDABLE]
    assert missing == [], (
        "these URLs have parameters the security checks cannot fill yet; add a rule to "
        "tests/security/routes.py (RECORD_SLUGS, KEY_PARAMS) or list them in UNBUILDABLE"
    )


def test_the_route_list_has_the_site_the_directory_the_network_and_the_admin():
    names = {r.name for r in BUILDABLE}
    assert {
        "home",
        "search",
        "accounts:login",
        "members:organisation_detail",
        "members:dashboard",
        "network:compare",
        "admin:index",
    } <= names
