"""The ar, fa, ur, fr, uk catalogues hold the public strings; the check fails on a missing one."""

import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accmr.management.commands import public_messages
from accmr.management.commands.public_messages import (
    PUBLIC_LANGUAGES,
    is_public,
    problems,
    public_lines,
    public_template,
)


@pytest.mark.parametrize(
    "path",
    [
        "templates/base.html",
        "templates/404.html",
        "templates/includes/footer.html",
        "templates/accmr/help.html",
        "templates/members/service_detail.html",
        "templates/members/downloads.html",
        "templates/members/includes/_filters.html",
        "templates/network/index.html",
        "templates/bulletin/calls/list.html",
        "members/forms.py",
    ],
)
def test_public_site_sources_are_public(path):
    assert is_public(path)


@pytest.mark.parametrize(
    "path",
    [
        "templates/members/editor/service_form.html",
        "templates/members/hsds_profile.html",
        "templates/members/email/invitation.txt",
        "templates/bulletin/members/home.html",
        "templates/bulletin/calls/my_calls.html",
        "templates/bulletin/activities/activity_form.html",
        "templates/registration/login.html",
        "templates/admin/dashboard.html",
        "members/editor/forms.py",
        "members/models/services.py",
        "accmr/accounts.py",
    ],
)
def test_member_side_sources_are_not(path):
    assert not is_public(path)


def _entry(ref, msgid):
    return f'#: {ref}\nmsgid "{msgid}"\nmsgstr ""\n'


def test_public_template_keeps_public_entries_and_public_classes_of_mixed_modules(tmp_path):
    community_line = min(public_lines()["members/models/organisations.py"])
    pot = tmp_path / "located.pot"
    pot.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        + "\n".join(
            [
                _entry("templates/accmr/home.html:3", "On the home page"),
                _entry("templates/members/editor/dashboard.html:9", "Only for editors"),
                _entry(
                    f"members/models/organisations.py:{community_line + 1}", "A municipal community"
                ),
                _entry("members/models/organisations.py:1", "A back-office label"),
                _entry(
                    "templates/admin/dashboard.html:2 templates/base.html:4",
                    "Shared with the admin",
                ),
            ]
        ),
        encoding="utf-8",
    )
    out = tmp_path / "public.pot"

    public_template(pot, out)

    text = out.read_text(encoding="utf-8")
    assert "On the home page" in text
    assert "A municipal community" in text
    assert "Shared with the admin" in text
    assert "Only for editors" not in text
    assert "A back-office label" not in text
    assert "#:" not in text  # the catalogues carry no locations


def test_problems_reports_untranslated_and_fuzzy_entries(tmp_path):
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    done = tmp_path / "done.po"
    done.write_text(header + 'msgid "Search"\nmsgstr "Rechercher"\n', encoding="utf-8")
    missing = tmp_path / "missing.po"
    missing.write_text(header + 'msgid "Search"\nmsgstr ""\n', encoding="utf-8")
    fuzzy = tmp_path / "fuzzy.po"
    fuzzy.write_text(header + '#, fuzzy\nmsgid "Search"\nmsgstr "Recherche"\n', encoding="utf-8")

    assert problems(done) == ""
    assert "untranslated" in problems(missing)
    assert "fuzzy" in problems(fuzzy)


@pytest.fixture
def locale_copy(tmp_path, settings):
    """The project's catalogues in a scratch folder that the command reads instead."""
    copy = tmp_path / "locale"
    shutil.copytree(settings.LOCALE_PATHS[0], copy, ignore=shutil.ignore_patterns("*.mo"))
    settings.LOCALE_PATHS = [copy]
    return copy


def test_check_fails_when_a_public_string_lost_its_translation(locale_copy):
    french = locale_copy / "fr" / "LC_MESSAGES" / "django.po"
    text = french.read_text(encoding="utf-8")
    assert 'msgid "Find a service"\nmsgstr "Trouver un service"\n' in text
    french.write_text(
        text.replace(
            'msgid "Find a service"\nmsgstr "Trouver un service"\n',
            'msgid "Find a service"\nmsgstr ""\n',
        ),
        encoding="utf-8",
    )

    with pytest.raises(CommandError) as failure:
        call_command("public_messages", check=True)

    assert "fr/LC_MESSAGES/django.po: public strings" in str(failure.value)
    assert "1 untranslated" in str(failure.value)
    for other in set(PUBLIC_LANGUAGES) - {"fr"}:
        assert f"{other}/LC_MESSAGES" not in str(failure.value)
    assert not (locale_copy / "django.pot").exists()  # the scratch template is removed


def test_catalogues_carry_the_translators_note_and_each_languages_plural_forms():
    for language in PUBLIC_LANGUAGES:
        path = f"locale/{language}/LC_MESSAGES/django.po"
        with open(path, encoding="utf-8") as po:
            head = po.read(2000)
        assert public_messages.HEADER_NOTE in head
        assert f"Plural-Forms: {public_messages.PLURAL_FORMS[language]}" in head.replace('"\n"', "")
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", path], check=True)
