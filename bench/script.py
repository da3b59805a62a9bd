"""What the standalone bench scripts (figures.py, hsds_conformance.py) share: bench-only
settings from the environment, the `--scale N` option, Django set up and the synthetic
directory seeded."""

import argparse
import io
import os


def scale_parser(doc: str) -> argparse.ArgumentParser:
    """The script's arguments: its docstring's first line as description, and `--scale N`."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--scale", type=int, default=0, help="seed_demo --scale N first")
    return parser


def start(scale: int, **environment: str):
    """Django set up with bench-only settings (`environment` adds to them; a variable already
    set wins), the directory seeded at `scale` (0: as it is); returns a test client."""
    defaults = {
        "DJANGO_SETTINGS_MODULE": "accmr.settings",
        "SECRET_KEY": "bench-only-secret-key",
        "ALLOWED_HOSTS": "localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
    }
    for key, value in {**defaults, **environment}.items():
        os.environ.setdefault(key, value)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from members.models import Service

    if scale:
        call_command("seed_demo", "--scale", str(scale), stdout=io.StringIO())
    print(f"published services: {Service.objects.published().count()}")
    return Client()
