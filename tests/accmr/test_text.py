"""The search key: case, accents, final sigma, Greeklish and English spellings."""

import pytest

from accmr.lib.text import (
    fold,
    latin_slug,
    normalise,
    query_key,
    query_words,
    search_document,
    search_q,
    unique_slug,
)


@pytest.mark.parametrize(
    "spelling",
    ["Αθήνα", "ΑΘΗΝΑ", "αθηνα", "Αθηνα", "athina", "ATHINA", "a8hna", "a8ina", "athhna", "Athína"],
)
def test_every_spelling_of_athens_has_one_key(spelling):
    assert normalise(spelling) == "athina"


@pytest.mark.parametrize(
    ("greek", "latin"),
    [
        ("νομική βοήθεια", "nomiki voitheia"),
        ("νομική βοήθεια", "nomikh vohtheia"),
        ("νομική βοήθεια", "nomiki boi8eia"),
        ("νομική βοήθεια", "nomiki voithia"),
        ("Μαθήματα ελληνικών", "mathimata ellinikon"),
        ("Μαθήματα ελληνικών", "ma8hmata ellhnikwn"),
        ("Εξάρχεια", "Exarcheia"),
        ("Εξάρχεια", "eksarxeia"),
        ("Εξάρχεια", "exarheia"),
        ("ψυχολογική υποστήριξη", "psychologiki ypostirixi"),
        ("ψυχολογική υποστήριξη", "psixologiki ypostiriksi"),
        ("Χαϊδάρι", "Chaidari"),
        ("Χαϊδάρι", "Haidari"),
        ("υπηρεσίες", "ypiresies"),
        ("στέγαση", "stegasi"),
        ("ευχαριστώ", "eyxaristw"),
        ("ευχαριστώ", "efharisto"),
        ("ευχαριστώ", "eucharisto"),
        ("άνθρωπος", "anthropos"),
        ("άνθρωπος", "an8rwpos"),
        ("σχολείο", "sxoleio"),
        ("σχολείο", "scholeio"),
        ("σχολείο", "sholio"),
        ("Αγγλικά", "agglika"),
        ("Αγγλικά", "anglika"),
        ("Αγγλικά", "agklika"),
        ("αντιμετώπιση", "antimetopisi"),
        ("αντιμετώπιση", "adimetopisi"),
        ("εμπειρία", "empeiria"),
        ("εμπειρία", "ebiria"),
        ("Δήμος", "dhmos"),
        ("Δήμος", "dimos"),
        ("ξένος", "3enos"),
        ("ξένος", "ksenos"),
        ("χρόνια", "hronia"),
        ("χρόνια", "xronia"),
        ("χρόνια", "chronia"),
        ("ψυχή", "psyxh"),
        ("ωράριο", "wrario"),
        ("οικογένεια", "oikogeneia"),
        ("οικογένεια", "ikogenia"),
        ("παιδιά", "paidia"),
        ("παιδιά", "pedia"),
        ("φαγητό", "fagito"),
        ("φαγητό", "phagito"),
        ("ντους", "dous"),
        ("ντους", "ntous"),
        ("μπάνιο", "banio"),
        ("μπάνιο", "mpanio"),
        ("ουρά", "oura"),
        ("ουρά", "oyra"),
    ],
)
def test_greeklish_and_transliteration_give_the_greek_key(greek, latin):
    assert normalise(greek) == normalise(latin)


@pytest.mark.parametrize(
    ("greek", "latin"),
    [
        ("υπηρεσία", "upiresia"),  # a lone u read as υ
        ("τέχνη", "tehnh"),  # h read as χ although a consonant follows
        ("τηλέφωνο", "thlefwno"),  # th read as τη
        ("υπηρεσίες", "yphresies"),  # ph read as πη
    ],
)
def test_ambiguous_greeklish_is_tried_both_ways_in_queries(greek, latin):
    stored = normalise(greek)
    [alternatives] = query_words(latin)
    assert any(stem in stored for stem in alternatives)


def test_final_sigma_and_medial_sigma_are_the_same_letter():
    assert normalise("ΣΚΟΠΟΣ") == normalise("σκοπός") == normalise("σκοποσ")


def test_english_text_keeps_a_stable_key_for_queries():
    assert normalise("Legal Aid") == normalise("legal aid") == normalise("LEGAL AID")
    assert normalise("Athens") != normalise("Αθήνα")
    assert normalise("Athens") == normalise("athens")


def test_digits_stay_digits_and_8_is_theta_only_inside_words():
    assert normalise("11471 Αθήνα") == "11471 athina"
    assert normalise("18 δήμοι") == "18 dimi"
    assert normalise("a8hna") == "athina"


def test_punctuation_nul_and_other_scripts_do_not_break_the_key():
    assert normalise("Αθήνα,\x00 (Εξάρχεια)!") == "athina exarxia"
    assert normalise("مرحبا") == "مرحبا"
    assert normalise("") == ""
    assert normalise(None) == ""


def test_fold_keeps_the_plain_accent_free_form():
    assert fold("  Αθήνα  ΚΑΙ   Πειραιάς ") == "αθηνα και πειραιασ"


def test_search_document_puts_names_before_the_bar():
    doc = search_document(names=["Νομική βοήθεια", "Legal aid", ""], texts=["Δωρεάν.", None])
    assert doc == "/ nomiki vithia / legal ed / | dorean"
    assert search_document(names=[], texts=[]) == "/ |"


def test_query_words_are_stemmed_so_inflections_match():
    assert query_words("ellinika mathimata") == [["elini"], ["mathim"]]
    assert "elini" in normalise("ελληνικών")
    assert "mathim" in normalise("μαθημάτων")


def test_short_query_words_are_kept_whole():
    assert query_words("kem") == [["kem"]]
    assert query_words("athina") == [["athin"]]


def test_two_letter_words_must_start_a_stored_word():
    assert query_words("legal aid") == [["legal"], [" ed"]]
    assert " ed" in search_document(names=["Legal aid"], texts=[])
    assert " ed" not in search_document(names=["Needs"], texts=["Red bed"])


def test_stop_words_and_single_letters_are_dropped():
    assert query_words("και για το the and of a") == []
    assert query_words("η νομική") == [["nomik"]]
    assert query_words("") == []
    assert query_words(None) == []


def test_repeated_query_words_count_once_and_long_queries_are_capped():
    assert query_words("athina Αθήνα ΑΘΗΝΑ") == [["athin"]]
    assert len(query_words(" ".join(f"leksi{n}" for n in range(30)))) == 8


def test_sql_looking_input_is_just_words():
    assert query_words("'; DROP TABLE members_service; --") == [
        ["drop"],
        ["tavle"],
        ["mever"],
        ["servi"],
    ]


def test_query_key_is_the_unstemmed_canonical_key():
    assert query_key("Νομική Βοήθεια") == "nomiki vithia"
    assert query_key("the legal aid") == "legal ed"
    assert query_words("to ΚΕΜ") == [["kem"]]


def test_search_q_requires_every_word_and_any_alternative():
    assert search_q("") is None
    condition = search_q("nomiki vohtheia")
    text = str(condition)
    assert "search_text__contains', 'nomik'" in text
    assert "search_text__contains', 'vithi'" in text
    assert "OR" in text and "AND" in text


def test_english_place_names_also_look_for_the_greek_name():
    assert query_words("Athens") == [["athen", "athin"]]
    assert "athin" in normalise("Δήμος Αθηναίων")
    assert query_words("greek lessons")[0] == ["grek", "elini"]


def test_search_q_can_look_in_several_columns():
    text = str(search_q("nomiki", "search_text", "organisation__search_text"))
    assert "('search_text__contains', 'nomik')" in text
    assert "('organisation__search_text__contains', 'nomik')" in text


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Μαθήματα ελληνικών", "mathimata-ellinikon"),
        ("Ψυχοκοινωνική στήριξη", "psychokoinoniki-stirixi"),
        ("Συμβουλευτική ΜΠΟΥΚΑ & Αυτοβελτίωση", "symvoulevtiki-mpouka-avtoveltiosi"),
        ("praksis Legal advice", "praksis-legal-advice"),
        ("Médecins du Monde", "medecins-du-monde"),
    ],
)
def test_slugs_are_readable_latin_not_the_phonetic_search_key(text, slug):
    assert latin_slug(text, 120) == slug


def test_slugs_are_cut_without_a_trailing_hyphen():
    assert latin_slug("Νομική βοήθεια", 7) == "nomiki"
    assert latin_slug("", 10) == latin_slug("!!", 10) == ""


@pytest.mark.django_db
def test_a_taken_slug_gets_the_first_free_number():
    from network.models import GoodPractice
    from tests.factories import make_practice

    assert unique_slug(GoodPractice.objects.all(), "guide") == "guide"
    make_practice(slug="guide")
    make_practice(slug="guide-2")
    assert unique_slug(GoodPractice.objects.all(), "guide") == "guide-3"
