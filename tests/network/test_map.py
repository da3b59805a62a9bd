from decimal import Decimal
from types import SimpleNamespace

import pytest

from network.svg import HEIGHT, MIN_GAP, WIDTH, build_map, land_paths


def town(slug, name, lat, lon, **kw):
    return SimpleNamespace(
        slug=slug,
        name=name,
        name_el=name,
        name_en=kw.get("name_en", name),
        latitude=Decimal(lat),
        longitude=Decimal(lon),
        get_absolute_url=lambda: f"/en/network/{slug}/",
    )


CLUSTER = [
    town("thessaloniki", "Thessaloniki", "40.6401", "22.9444"),
    town("neapoli-sykies", "Neapoli – Sykies", "40.65", "22.9667"),
    town("kalamaria", "Kalamaria", "40.5833", "22.95"),
    town("delta", "Delta", "40.6667", "22.8"),
]


def test_all_markers_fall_inside_the_drawing():
    towns = [
        *CLUSTER,
        town("tilos", "Tilos", "36.4167", "27.3667"),
        town("ioannina", "Ioannina", "39.665", "20.8537"),
        town("chania", "Chania", "35.5138", "24.018"),
    ]
    network_map = build_map(towns, language="en")
    markers = network_map.markers + [m for inset in network_map.insets for m in inset.markers]
    assert len(markers) == len(towns)
    for marker in markers:
        assert 0 < marker.x < WIDTH and 0 < marker.y < HEIGHT


def test_neighbouring_municipalities_go_to_an_inset_and_do_not_hide_each_other():
    network_map = build_map(CLUSTER, language="en")
    assert network_map.markers == []
    inset = next(i for i in network_map.insets if i.key == "thessaloniki")
    assert len(inset.markers) == 4
    for i, a in enumerate(inset.markers):
        for b in inset.markers[i + 1 :]:
            assert ((a.x - b.x) ** 2 + (a.y - b.y) ** 2) ** 0.5 >= MIN_GAP - 0.5
        assert inset.x <= a.x <= inset.x + inset.width
        assert inset.y <= a.y <= inset.y + inset.height


def test_double_names_are_set_on_two_lines():
    marker = build_map([CLUSTER[1]], language="en").insets[0].markers[0]
    assert marker.label_lines == ["Neapoli –", "Sykies"]


@pytest.mark.parametrize(("name_en", "expected"), [("Tilos", ""), ("", "el")])
def test_a_greek_fallback_label_is_marked_greek(name_en, expected):
    tilos = town("tilos", "Τήλος", "36.4167", "27.3667", name_en=name_en)
    assert build_map([tilos], language="en").markers[0].label_lang == expected
    assert build_map([tilos], language="el").markers[0].label_lang == ""


def test_outline_has_the_mainland_and_the_larger_islands():
    paths = land_paths()
    assert len(paths) > 10
    assert all(p.startswith("M") and p.endswith(" Z") for p in paths)
