"""The network map: a rough outline of Greece and the member municipalities, drawn as SVG.

Hand-written on purpose: map libraries draw in the browser from tiles on other hosts, which
the site refuses (no third-party hosts, pages work without JavaScript); this is a few lines
of projection and an SVG template.

No tiles and no other hosts. The outline (network/data/greece_outline.json) is a
hand-made simplification, there only to let a reader recognise the country. Positions
are projected with a plain equirectangular projection scaled by cos(38.5°), which keeps
Greece's proportions at this size. Two insets enlarge the Athens and Thessaloniki areas,
where several member municipalities sit a few kilometres apart.

`build_map()` returns plain numbers and strings; templates/network/includes/_map.html
draws them, so every text is escaped there.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from accmr.lib.translated_fields import text_in_language

OUTLINE = Path(__file__).resolve().parent / "data" / "greece_outline.json"

# Longitude/latitude window of the main map and its scale (pixels per projected degree).
LON_MIN, LON_MAX = 19.2, 29.6
LAT_MIN, LAT_MAX = 34.6, 42.1
COS_LAT = math.cos(math.radians(38.5))
SCALE = 100.0
WIDTH = round((LON_MAX - LON_MIN) * COS_LAT * SCALE)
HEIGHT = round((LAT_MAX - LAT_MIN) * SCALE)
KM_PER_DEGREE_LAT = 111.2
MIN_GAP = 16  # pixels between marker centres

# Where a label goes when the default place (right of the marker) is crowded, by slug.
LABEL_PLACES = {
    "trikala": "left",
    "ioannina": "left",
    "chania": "left",
    "athens": "left",
    "delta": "left",
    "tilos": "left",
    "thessaloniki": "left",
    "piraeus": "below",
}


def project(lon: float, lat: float) -> tuple[float, float]:
    return (lon - LON_MIN) * COS_LAT * SCALE, (LAT_MAX - lat) * SCALE


def _ring_to_path(ring: list[list[float]]) -> str:
    points = [project(lon, lat) for lon, lat in ring]
    return "M" + " L".join(f"{x:.1f} {y:.1f}" for x, y in points) + " Z"


@cache
def land_paths() -> tuple[str, ...]:
    outline = json.loads(OUTLINE.read_text(encoding="utf-8"))
    rings = [outline["mainland"], *outline["islands"].values()]
    return tuple(_ring_to_path(ring) for ring in rings)


@dataclass
class Marker:
    x: float
    y: float
    url: str
    name: str  # the link's accessible name
    label_lines: list[str]
    label_lang: str  # the name's language when not the page's (Greek on an English page...)
    place: str = "right"  # where the label sits: right, left or below

    @property
    def anchor(self) -> str:
        return {"right": "start", "left": "end", "below": "middle"}[self.place]

    @property
    def label_x(self) -> float:
        return round(self.x + {"right": 9, "left": -9, "below": 0}[self.place], 1)

    @property
    def label_y(self) -> float:
        if self.place == "below":
            return round(self.y + 21, 1)
        return round(self.y + 5 - 7 * (len(self.label_lines) - 1), 1)


@dataclass
class Inset:
    """An enlarged view of a small area, drawn in a box on the main map."""

    key: str
    title: str
    lon_min: float
    lon_max: float
    lat_min: float
    lat_max: float
    x: float  # top-left corner of the box on the main map
    y: float
    width: float
    markers: list[Marker] = field(default_factory=list)

    @property
    def scale(self) -> float:
        return self.width / ((self.lon_max - self.lon_min) * COS_LAT * SCALE)

    @property
    def height(self) -> float:
        return round((self.lat_max - self.lat_min) * SCALE * self.scale, 1)

    @property
    def title_y(self) -> float:
        return self.y - 6

    def contains(self, lon: float, lat: float) -> bool:
        return self.lon_min <= lon <= self.lon_max and self.lat_min <= lat <= self.lat_max

    def place(self, lon: float, lat: float) -> tuple[float, float]:
        mx, my = project(lon, lat)
        ox, oy = project(self.lon_min, self.lat_max)
        return round(self.x + (mx - ox) * self.scale, 1), round(self.y + (my - oy) * self.scale, 1)

    @property
    def transform(self) -> str:
        """SVG transform that maps main-map coordinates into the box."""
        ox, oy = project(self.lon_min, self.lat_max)
        s = self.scale
        return f"translate({self.x - ox * s:.1f} {self.y - oy * s:.1f}) scale({s:.3f})"

    @property
    def area(self) -> tuple[float, float, float, float]:
        """The enlarged area as a rectangle (x, y, width, height) on the main map."""
        x0, y0 = project(self.lon_min, self.lat_max)
        x1, y1 = project(self.lon_max, self.lat_min)
        return round(x0, 1), round(y0, 1), round(x1 - x0, 1), round(y1 - y0, 1)


@dataclass
class NetworkMap:
    width: int
    height: int
    land: tuple[str, ...]
    insets: list[Inset]
    markers: list[Marker]
    scale_bar: dict
    compass: dict


def _insets() -> list[Inset]:
    return [
        Inset(
            key="thessaloniki",
            title=_("Thessaloniki area"),
            lon_min=22.72,
            lon_max=23.16,
            lat_min=40.52,
            lat_max=40.74,
            x=WIDTH - 250,
            y=100,
            width=240,
        ),
        Inset(
            key="athens",
            title=_("Athens area"),
            lon_min=23.58,
            lon_max=23.92,
            lat_min=37.88,
            lat_max=38.08,
            x=10,
            y=HEIGHT - 190,
            width=230,
        ),
    ]


def _label_lines(name: str) -> list[str]:
    # Double names ("Nea Filadelfeia – Nea Chalkidona") go on two lines.
    parts = [part.strip() for part in name.split(" – ")]
    if len(parts) == 2:
        return [parts[0] + " –", parts[1]]
    return [name]


def _spread(markers: list[Marker], rounds: int = 20) -> None:
    """Nudge markers apart so that none hides another (the positions are approximate)."""
    for _round in range(rounds):
        moved = False
        for i, a in enumerate(markers):
            for b in markers[i + 1 :]:
                dx, dy = b.x - a.x, b.y - a.y
                distance = math.hypot(dx, dy)
                if distance >= MIN_GAP:
                    continue
                if distance == 0:
                    dx, dy, distance = 1.0, 0.0, 1.0
                push = (MIN_GAP - distance) / 2 + 0.1
                ux, uy = dx / distance * push, dy / distance * push
                a.x, a.y = round(a.x - ux, 1), round(a.y - uy, 1)
                b.x, b.y = round(b.x + ux, 1), round(b.y + uy, 1)
                moved = True
        if not moved:
            return


def build_map(municipalities, *, language: str) -> NetworkMap:
    """Place each municipality (slug, name, latitude, longitude) on the map."""
    insets = _insets()
    markers: list[Marker] = []
    for municipality in municipalities:
        lon, lat = float(municipality.longitude), float(municipality.latitude)
        name, name_language = text_in_language(municipality, "name", language)
        inset = next((i for i in insets if i.contains(lon, lat)), None)
        x, y = inset.place(lon, lat) if inset else (round(v, 1) for v in project(lon, lat))
        marker = Marker(
            x=x,
            y=y,
            url=municipality.get_absolute_url(),
            name=name,
            label_lines=_label_lines(name),
            label_lang="" if name_language == language[:2] else name_language,
            place=LABEL_PLACES.get(municipality.slug, "right"),
        )
        (inset.markers if inset else markers).append(marker)
    _spread(markers)
    for inset in insets:
        _spread(inset.markers)
    km100 = 100 / KM_PER_DEGREE_LAT * SCALE
    return NetworkMap(
        width=WIDTH,
        height=HEIGHT,
        land=land_paths(),
        insets=insets,
        markers=markers,
        scale_bar={
            "x": round(WIDTH - 40 - km100, 1),
            "y": HEIGHT - 30,
            "length": round(km100, 1),
            "label": _("{km} km").format(km=100),
        },
        compass={"x": WIDTH - 40, "y": HEIGHT - 120, "label": _("N")},
    )
