"""The catalogues of the public site's other languages (ar, fa, ur, fr, uk): public strings only.

Greek and English catalogues hold every string of the portal. The languages of the people who look
for help hold only what the public site shows: the member area, the accounts pages, the admin and
the e-mails to members stay in Greek and English, so their strings are left out of these
catalogues (gettext then returns the msgid, which is never shown there because those pages are
served in Greek or English only).

"Public" is decided by where a string is used: `PUBLIC_SOURCES` lists the public templates and
Python modules (shell patterns), `PRIVATE_SOURCES` takes the member-side ones back out. A string
used in at least one public source is public.

    manage.py public_messages           refresh the five catalogues (new public strings come in
                                         empty, strings no longer public go out)
    manage.py public_messages --check   fail if a public string is untranslated or fuzzy in one of
                                         them (the catalogues themselves are not changed)
"""

import ast
import fnmatch
import inspect
import subprocess
import tempfile
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from accmr.management.commands.makemessages import Command as MakeMessagesCommand

PUBLIC_LANGUAGES = ("ar", "fa", "ur", "fr", "uk")

PUBLIC_SOURCES = (
    "templates/base.html",
    "templates/[0-9][0-9][0-9].html",
    "templates/403_csrf.html",
    "templates/includes/*",
    "templates/accmr/*",
    "templates/members/*",
    "templates/network/*",
    "templates/bulletin/activities/*",
    "templates/bulletin/calls/*",
    "templates/bulletin/news/*",
    "templates/bulletin/toolkit/*",
    "templates/bulletin/includes/*",
    # Python: the public views, forms and vocabularies (choices) whose words reach public pages.
    "accmr/settings.py",
    "accmr/views.py",
    "accmr/search.py",
    "accmr/sitemaps.py",
    "accmr/lib/holidays.py",
    "accmr/lib/spam.py",
    "members/views.py",
    "members/forms.py",
    "members/share.py",
    "members/freshness.py",
    "members/templatetags/*",
    "members/hsds/figures.py",
    "network/views.py",
    "network/forms.py",
    "network/comparison.py",
    "network/figures.py",
    "network/svg.py",
    "bulletin/views/*",
    "bulletin/activity_lists.py",
    "bulletin/calendar.py",
    "bulletin/home.py",
    "bulletin/templatetags/*",
)
# Modules that mix public and member-side strings: of these, the classes below are public (their
# source lines), and the labels and help texts of the public forms built from models.
PUBLIC_CLASSES = (
    "members.models.Community",
    "members.models.Schedule.Weekday",
    "network.models.Structure.Kind",
    "bulletin.models.activities.Activity.Repeat",
    "bulletin.models.activities.Activity.Place",
    "bulletin.models.activities.Activity.Registration",
    "bulletin.models.calls.OpenCall.Direction",
    "bulletin.models.calls.OpenCall.Kind",
    "bulletin.models.news.Topic",
    "bulletin.models.publications.Publication.Type",
    "bulletin.activity_forms.ActivityFilterForm",
    "bulletin.calls_forms.CallFilterForm",
    "bulletin.toolkit_forms.ToolkitFilterForm",
)
PUBLIC_MODEL_FORMS = ("members.forms.ProblemReportForm",)
PRIVATE_SOURCES = (
    "templates/members/editor/*",
    "templates/members/email/*",
    # The open-data profile is a technical specification for developers: Greek and English.
    "templates/members/hsds_profile.html",
    "templates/bulletin/*/my_*",
    "templates/bulletin/*/*form.html",
    "templates/bulletin/calls/answer.html",
    "templates/bulletin/calls/close.html",
    "templates/bulletin/members/*",
    "templates/bulletin/email/*",
    "bulletin/views/members*",
)

HEADER_NOTE = (
    "Interface translated by the portal team (ACCMR Portal); "
    "report an error through the site's contact page."
)

PLURAL_FORMS = {
    "ar": (
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
        "n%100>=3 && n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5);"
    ),
    "fa": "nplurals=2; plural=(n > 1);",
    "ur": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "uk": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
        "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
    ),
}


def is_public(path):
    """Whether a source file (path relative to the project) is part of the public site."""
    matches = lambda patterns: any(fnmatch.fnmatchcase(path, p) for p in patterns)  # noqa: E731
    return matches(PUBLIC_SOURCES) and not matches(PRIVATE_SOURCES)


def resolve(path):
    """The object at a dotted path whose tail may be nested classes ("app.models.Model.Kind")."""
    parts = path.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            obj = import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            obj = getattr(obj, name)
        return obj
    raise ImportError(path)


def public_lines():
    """{source file: set of line numbers} of the `PUBLIC_CLASSES`."""
    lines = {}
    for path in PUBLIC_CLASSES:
        cls = resolve(path)
        source, first = inspect.getsourcelines(cls)
        name = Path(inspect.getsourcefile(cls)).relative_to(settings.BASE_DIR).as_posix()
        lines.setdefault(name, set()).update(range(first, first + len(source)))
    return lines


def public_msgids():
    """The msgids of the public model forms' labels and help texts."""
    texts = []
    for path in PUBLIC_MODEL_FORMS:
        for field in resolve(path).base_fields.values():
            texts += [field.label, field.help_text]
    with translation.override(None):
        return {str(text) for text in texts if text}


def run(args):
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode:
        raise CommandError(f"{args[0]}: {done.stderr.strip()}")
    return done.stdout


def entry_msgid(lines):
    """The msgid of one .pot entry (its lines), unescaped."""
    msgid, inside = "", False
    for line in lines:
        if line.startswith("msgid "):
            inside, line = True, line[len("msgid ") :]
        elif not line.startswith('"'):
            inside = False
        if inside:
            msgid += ast.literal_eval(line)
    return msgid


def public_template(potfile, out):
    """Write to `out` (without locations) the header and the entries of the located `potfile`
    used in a public source or class, or listed by `public_msgids`."""
    wanted, lines_of = public_msgids(), public_lines()
    kept = []
    for number, entry in enumerate(Path(potfile).read_text(encoding="utf-8").split("\n\n")):
        lines = entry.strip("\n").splitlines()
        refs = [
            ref.rsplit(":", 1)
            for line in lines
            if line.startswith("#: ")
            for ref in line[3:].split()
        ]
        public = any(is_public(name) or int(line) in lines_of.get(name, ()) for name, line in refs)
        if number == 0:
            # Without a creation date the catalogues keep theirs: a rerun changes nothing.
            lines = [line for line in lines if not line.startswith('"POT-Creation-Date:')]
        if number == 0 or public or entry_msgid(lines) in wanted:
            kept.append("\n".join(line for line in lines if not line.startswith("#: ")))
    if len(kept) < 2:
        raise CommandError("no public string found in the extracted messages")
    Path(out).write_text("\n\n".join(kept) + "\n", encoding="utf-8")


def catalogue_header(language):
    return (
        f"# ACCMR Portal, public interface in {language}.\n"
        f"# {HEADER_NOTE}\n"
        'msgid ""\n'
        'msgstr ""\n'
        '"Project-Id-Version: ACCMR Portal\\n"\n'
        '"PO-Revision-Date: 2026-12-06 20:00+0200\\n"\n'
        '"Last-Translator: ACCMR Portal team\\n"\n'
        '"Language-Team: ACCMR Portal team\\n"\n'
        f'"Language: {language}\\n"\n'
        '"MIME-Version: 1.0\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Content-Transfer-Encoding: 8bit\\n"\n'
        f'"Plural-Forms: {PLURAL_FORMS[language]}\\n"\n'
    )


def merge(pofile, template, out):
    """The catalogue `pofile` brought to the entries of `template` (no fuzzy guesses, no obsolete
    entries), written to `out`; a missing catalogue starts from its header."""
    pofile = Path(pofile)
    if not pofile.exists():
        pofile.parent.mkdir(parents=True, exist_ok=True)
        pofile.write_text(catalogue_header(pofile.parent.parent.name), encoding="utf-8")
    run(
        [
            "msgmerge",
            "--quiet",
            "--no-fuzzy-matching",
            "--no-location",
            "-o",
            str(out),
            str(pofile),
            str(template),
        ]
    )
    run(["msgattrib", "--no-obsolete", "--no-location", "-o", str(out), str(out)])


def problems(pofile):
    """'' when every entry of `pofile` is translated and none is fuzzy, else msgfmt's statistics."""
    done = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(pofile)],
        capture_output=True,
        text=True,
    )
    stats = (done.stdout + done.stderr).strip()
    if done.returncode:
        return stats
    return stats if ("untranslated" in stats or "fuzzy" in stats) else ""


class LocatedPot(MakeMessagesCommand):
    """makemessages keeping its .pot files (with locations), saying where; writes no catalogue."""

    potfiles = ()

    def build_potfiles(self):
        self.potfiles = super().build_potfiles()
        return self.potfiles

    def write_po_file(self, potfile, locale):
        pass


class Command(BaseCommand):
    help = "Refresh (or with --check, verify) the public-site catalogues of ar, fa, ur, fr, uk."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="fail on an untranslated or fuzzy public string"
        )

    def handle(self, *args, check=False, **options):
        locale_dir = Path(settings.LOCALE_PATHS[0])
        extract = LocatedPot()
        extract.run_from_argv(
            [
                "manage.py",
                "makemessages",
                "-l",
                "el",
                "--keep-pot",
                "-v",
                "0",
                "--ignore=.venv",
                "--ignore=node_modules",
                "--ignore=staticfiles",
                "--ignore=tests",
            ]
        )
        failures = []
        with tempfile.TemporaryDirectory() as tmp:
            template = Path(tmp) / "public.pot"
            try:
                located = Path(tmp) / "located.pot"
                if not extract.potfiles:
                    raise CommandError("makemessages found no translatable string")
                run(["msgcat", "--use-first", "-o", str(located), *map(str, extract.potfiles)])
                public_template(located, template)
            finally:
                for potfile in extract.potfiles:
                    Path(potfile).unlink(missing_ok=True)
            for language in PUBLIC_LANGUAGES:
                pofile = locale_dir / language / "LC_MESSAGES" / "django.po"
                if check:
                    if not pofile.exists():
                        failures.append(f"{pofile}: missing")
                        continue
                    merged = Path(tmp) / f"{language}.po"
                    merge(pofile, template, merged)
                    if found := problems(merged):
                        failures.append(f"{pofile}: public strings {found}")
                    else:
                        self.stdout.write(f"{pofile}: every public string translated")
                else:
                    merge(pofile, template, pofile)
                    self.stdout.write(f"{pofile}: {problems(pofile) or 'complete'}")
        if failures:
            raise CommandError("\n".join(failures))
