"""QR codes drawn here, as SVG: no other host ever sees what is encoded."""

import base64
from functools import lru_cache

import qrcode
import qrcode.image.svg


@lru_cache(maxsize=2048)
def qr_svg(text: str, *, box_size: int = 10) -> bytes:
    """`text` as an SVG QR code (one path, black on transparent). Drawing one costs more
    than the page it is on (about 20 ms), and a page's code never changes: each process
    keeps the last codes it drew."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=box_size)
    return image.to_string()


def qr_data_uri(text: str, *, box_size: int = 10) -> str:
    """`text` as an SVG QR code in a data: URI, for an <img> the CSP allows (img-src data:)."""
    svg = qr_svg(text, box_size=box_size)
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
