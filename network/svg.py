"""The network map: a rough outline of Greece and the member municipalities, drawn as SVG.

No tiles and no other hosts: the outline below is a hand-made simplification (a few
hundred kilometres of coast reduced to some dozens of points, good to a few kilometres
at best) and is only there to let a reader recognise the country. Positions are
projected with a plain equirectangular projection scaled by cos(38.5°), which keeps
Greece's proportions at this size. Two insets enlarge the Athens and Thessaloniki
areas, where several member municipalities sit a few kilometres apart.

`build_map()` returns plain numbers and strings; the template
templates/network/includes/_map.html draws them, so every text is escaped there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

# Longitude/latitude window of the main map and the scale (pixels per projected degree).
LON_MIN, LON_MAX = 19.2, 29.3
LAT_MIN, LAT_MAX = 34.6, 42.1
COS_LAT = math.cos(math.radians(38.5))
SCALE = 100.0
WIDTH = round((LON_MAX - LON_MIN) * COS_LAT * SCALE)
HEIGHT = round((LAT_MAX - LAT_MIN) * SCALE)
KM_PER_DEGREE_LAT = 111.2

# (lon, lat) rings, clockwise, coarse. Mainland with the Peloponnese (joined at the
# Isthmus of Corinth, with the Gulf of Corinth left open), then the larger islands.
MAINLAND = [
    (20.22, 39.65),
    (20.27, 39.50),
    (20.40, 39.28),
    (20.73, 38.96),
    (20.78, 38.80),
    (21.08, 38.53),
    (21.43, 38.36),
    (21.77, 38.33),
    (21.83, 38.39),
    (22.20, 38.38),
    (22.42, 38.43),
    (22.63, 38.36),
    (22.90, 38.21),
    (22.98, 38.00),
    (22.93, 37.94),
    (22.75, 38.01),
    (22.40, 38.15),
    (22.08, 38.24),
    (21.78, 38.30),
    (21.73, 38.25),
    (21.50, 38.20),
    (21.35, 38.15),
    (21.13, 37.93),
    (21.30, 37.75),
    (21.35, 37.65),
    (21.67, 37.27),
    (21.67, 36.92),
    (21.70, 36.81),
    (21.95, 36.80),
    (22.11, 37.02),
    (22.30, 36.80),
    (22.48, 36.39),
    (22.57, 36.76),
    (22.80, 36.60),
    (23.20, 36.44),
    (23.05, 36.69),
    (22.87, 37.17),
    (22.73, 37.52),
    (22.80, 37.57),
    (23.10, 37.43),
    (23.25, 37.38),
    (23.39, 37.60),
    (23.15, 37.63),
    (23.00, 37.90),
    (23.35, 37.98),
    (23.54, 38.04),
    (23.63, 37.94),
    (23.75, 37.80),
    (24.02, 37.65),
    (24.06, 37.71),
    (24.01, 38.02),
    (24.00, 38.15),
    (23.75, 38.32),
    (23.60, 38.46),
    (23.30, 38.55),
    (23.00, 38.65),
    (22.78, 38.78),
    (22.55, 38.86),
    (22.61, 38.91),
    (22.80, 39.18),
    (22.95, 39.36),
    (23.07, 39.10),
    (23.30, 39.15),
    (23.24, 39.40),
    (22.73, 39.86),
    (22.60, 40.00),
    (22.60, 40.27),
    (22.57, 40.46),
    (22.73, 40.58),
    (22.94, 40.63),
    (22.90, 40.42),
    (23.20, 40.25),
    (23.30, 40.05),
    (23.68, 39.93),
    (23.33, 40.19),
    (23.70, 40.20),
    (23.98, 39.97),
    (23.85, 40.28),
    (24.38, 40.15),
    (23.87, 40.40),
    (23.70, 40.66),
    (23.86, 40.80),
    (24.41, 40.94),
    (24.70, 40.86),
    (25.12, 40.99),
    (25.87, 40.85),
    (26.03, 40.73),
    (26.17, 40.90),
    (26.30, 41.20),
    (26.53, 41.50),
    (26.63, 41.72),
    (26.30, 41.72),
    (26.10, 41.40),
    (25.90, 41.30),
    (25.20, 41.25),
    (24.60, 41.43),
    (24.05, 41.53),
    (23.60, 41.38),
    (23.00, 41.32),
    (22.75, 41.19),
    (22.50, 41.14),
    (21.80, 40.92),
    (21.05, 40.85),
    (20.95, 40.75),
    (20.75, 40.45),
    (20.65, 40.10),
    (20.30, 39.80),
]
ISLANDS = [
    # Crete
    [
        (23.58, 35.62),
        (23.65, 35.49),
        (24.02, 35.52),
        (24.17, 35.58),
        (24.20, 35.48),
        (24.47, 35.37),
        (25.13, 35.34),
        (25.47, 35.29),
        (25.72, 35.19),
        (26.10, 35.21),
        (26.30, 35.31),
        (26.31, 35.20),
        (25.73, 35.00),
        (24.77, 35.07),
        (24.73, 34.92),
        (24.14, 35.20),
        (23.68, 35.23),
        (23.53, 35.27),
    ],
    # Euboea
    [
        (23.25, 39.02),
        (23.32, 38.77),
        (23.60, 38.47),
        (23.80, 38.40),
        (24.42, 38.01),
        (24.60, 38.15),
        (24.10, 38.63),
        (23.55, 38.95),
    ],
    # Corfu, Kefalonia, Zakynthos, Lefkada
    [(19.63, 39.78), (19.95, 39.80), (19.92, 39.62), (20.12, 39.40), (19.90, 39.45)],
    [(20.35, 38.45), (20.60, 38.47), (20.80, 38.10), (20.45, 38.10), (20.35, 38.25)],
    [(20.63, 37.92), (20.90, 37.80), (20.95, 37.72), (20.75, 37.65), (20.60, 37.80)],
    [(20.62, 38.83), (20.72, 38.83), (20.72, 38.60), (20.58, 38.65)],
    # Northern and eastern Aegean: Thasos, Samothrace, Lemnos, Lesbos, Chios, Samos, Ikaria
    [(24.55, 40.78), (24.78, 40.72), (24.70, 40.57), (24.55, 40.60)],
    [(25.45, 40.50), (25.65, 40.48), (25.60, 40.42), (25.45, 40.43)],
    [(25.05, 40.00), (25.35, 40.00), (25.45, 39.85), (25.20, 39.80), (25.05, 39.90)],
    [
        (25.85, 39.36),
        (26.10, 39.38),
        (26.40, 39.33),
        (26.60, 39.05),
        (26.35, 38.97),
        (26.00, 39.08),
        (25.85, 39.20),
    ],
    [(25.85, 38.60), (26.15, 38.58), (26.15, 38.25), (26.00, 38.20), (25.85, 38.35)],
    [(26.60, 37.75), (26.90, 37.80), (27.05, 37.70), (26.75, 37.65), (26.55, 37.68)],
    [(26.05, 37.65), (26.35, 37.62), (26.30, 37.55), (26.05, 37.58)],
    # Cyclades: Andros, Tinos, Naxos, Paros, Milos, Santorini
    [(24.70, 37.95), (24.95, 37.85), (24.85, 37.75), (24.68, 37.85)],
    [(25.05, 37.65), (25.25, 37.57), (25.15, 37.52), (25.02, 37.60)],
    [(25.35, 37.15), (25.55, 37.10), (25.50, 36.95), (25.38, 36.98)],
    [(25.10, 37.13), (25.25, 37.08), (25.20, 36.98), (25.08, 37.02)],
    [(24.35, 36.77), (24.55, 36.75), (24.50, 36.65), (24.33, 36.70)],
    [(25.40, 36.47), (25.48, 36.45), (25.45, 36.35), (25.38, 36.38)],
    # Dodecanese: Kos, Tilos, Rhodes, Karpathos
    [(26.95, 36.88), (27.35, 36.90), (27.15, 36.75), (26.98, 36.80)],
    [(27.33, 36.46), (27.43, 36.44), (27.41, 36.38), (27.32, 36.41)],
    [(27.85, 36.45), (28.22, 36.45), (28.10, 36.15), (27.73, 35.88), (27.75, 36.15)],
    [(27.15, 35.85), (27.22, 35.45), (27.10, 35.45), (27.05, 35.80)],
]


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

    @property
    def title_y(self) -> float:
        return self.y - 6


@dataclass
class Marker:
    x: float
    y: float
    url: str
    name: str  # accessible name of the link
    label_lines: list[str]
    label_lang: str  # "" when the label is in the page's language
    anchor: str = "start"  # text-anchor of the label

    @property
    def label_x(self) -> float:
        return self.x + (8 if self.anchor == "start" else -8)

    @property
    def label_y(self) -> float:
        return self.y + 4 - 7 * (len(self.label_lines) - 1)


@dataclass
class NetworkMap:
    width: int
    height: int
    land: list[str]
    insets: list[Inset]
    markers: list[Marker]
    scale_bar: dict
    compass: dict


# Labels to the left of the marker where the right side is crowded (by slug).
LEFT_LABELS = {"trikala", "ioannina", "chania", "athens", "delta", "tilos"}


def project(lon: float, lat: float) -> tuple[float, float]:
    return (lon - LON_MIN) * COS_LAT * SCALE, (LAT_MAX - lat) * SCALE


def ring_to_path(ring: list[tuple[float, float]]) -> str:
    points = [project(lon, lat) for lon, lat in ring]
    return "M" + " L".join(f"{x:.1f} {y:.1f}" for x, y in points) + " Z"


LAND_PATHS = [ring_to_path(MAINLAND)] + [ring_to_path(ring) for ring in ISLANDS]


def _insets() -> list[Inset]:
    return [
        Inset(
            key="thessaloniki",
            title=_("Thessaloniki area"),
            lon_min=22.72,
            lon_max=23.06,
            lat_min=40.54,
            lat_max=40.72,
            x=WIDTH - 215,
            y=30,
            width=200,
        ),
        Inset(
            key="athens",
            title=_("Athens area"),
            lon_min=23.56,
            lon_max=23.86,
            lat_min=37.88,
            lat_max=38.08,
            x=10,
            y=HEIGHT - 200,
            width=180,
        ),
    ]


def _label_lines(name: str) -> list[str]:
    # Double names ("Nea Filadelfeia – Nea Chalkidona") go on two lines.
    parts = [part.strip() for part in name.split(" – ")]
    if len(parts) == 2 and len(name) > 16:
        return [parts[0] + " –", parts[1]]
    return [name]


def build_map(municipalities, *, language: str) -> NetworkMap:
    """Place each municipality (needs slug, name, latitude, longitude) on the map."""
    insets = _insets()
    markers: list[Marker] = []
    for municipality in municipalities:
        lon = float(Decimal(municipality.longitude))
        lat = float(Decimal(municipality.latitude))
        name = municipality.name
        own = getattr(municipality, f"name_{language}", "") or ""
        label_lang = "" if own else "el"
        inset = next((i for i in insets if i.contains(lon, lat)), None)
        if inset:
            x, y = inset.place(lon, lat)
        else:
            x, y = (round(v, 1) for v in project(lon, lat))
        marker = Marker(
            x=x,
            y=y,
            url=municipality.get_absolute_url(),
            name=name,
            label_lines=_label_lines(name),
            label_lang=label_lang,
            anchor="end" if municipality.slug in LEFT_LABELS else "start",
        )
        (inset.markers if inset else markers).append(marker)
    km100 = 100 / KM_PER_DEGREE_LAT * SCALE
    return NetworkMap(
        width=WIDTH,
        height=HEIGHT,
        land=LAND_PATHS,
        insets=insets,
        markers=markers,
        scale_bar={
            "x": WIDTH - 40 - km100,
            "y": HEIGHT - 30,
            "length": round(km100, 1),
            "label": _("{km} km").format(km=100),
        },
        compass={"x": WIDTH - 40, "y": HEIGHT - 120, "label": _("N")},
    )
