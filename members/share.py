"""Handing a directory page to a client: its address, a QR code and links to send it on."""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.http import HttpRequest

from accmr.lib.origin import site_origin
from accmr.lib.qr import qr_data_uri


@dataclass(frozen=True)
class Share:
    url: str
    qr: str  # a data: URI of an SVG QR code of `url`
    sms: str
    email: str
    whatsapp: str
    print_url: str = ""


def share_links(request: HttpRequest, *, path: str, title: str, print_path: str = "") -> Share:
    """The ways to pass on the page at `path` (no query string: the page, not a search)."""
    url = site_origin(request) + path
    message = f"{title}\n{url}"
    return Share(
        url=url,
        qr=qr_data_uri(url, box_size=8),
        # "sms:?body=" is understood by Android and by iOS since version 8.
        sms="sms:?" + urlencode({"body": message}, quote_via=quote),
        email="mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote),
        whatsapp="https://wa.me/?" + urlencode({"text": message}, quote_via=quote),
        print_url=print_path,
    )
