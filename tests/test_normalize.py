import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from framing.normalize import KIND_CONFUSABLE, KIND_INVISIBLE, KIND_STYLED, build_view, normalize


def test_view_folds_case_accents_and_punctuation():
    assert normalize("KYÏV “so‑called” it’s") == 'kyiv "so-called" it\'s'


def test_invisible_characters_are_dropped_and_reported():
    view = build_view("Ky\u200biv Ki\u00adev")
    assert view.text == "kyiv kiev"
    assert view.evasion_kinds(0, 5) == (KIND_INVISIBLE,)


def test_homoglyphs_inside_latin_words_become_latin():
    view = build_view("Ky\u0456v and Ki\u0435v")
    assert view.text == "kyiv and kiev"
    assert view.evasion_kinds(0, 4) == (KIND_CONFUSABLE,)


def test_all_cyrillic_words_stay_cyrillic():
    assert normalize("Киев") == "киев"
    assert normalize("Київ") == "ки\u0456в"


def test_full_width_and_math_letters_fold_and_are_reported():
    assert normalize("ＫＩＥＶ 𝐊𝐲𝐢𝐯") == "kiev kyiv"
    assert build_view("ＫＩＥＶ").evasion_kinds(0, 4) == (KIND_STYLED,)


def test_nfd_and_nfc_give_the_same_view():
    assert normalize("Kyi\u0308v") == normalize("Kyïv") == "kyiv"


@given(st.text(max_size=200))
def test_offset_map_is_monotonic_and_in_bounds(text):
    view = build_view(text)
    assert len(view.starts) == len(view.ends) == len(view.text)
    assert list(view.starts) == sorted(view.starts)
    for s, e in zip(view.starts, view.ends, strict=True):
        assert 0 <= s < e <= len(text)


@given(st.text(max_size=200))
def test_view_is_idempotent_on_its_own_output(text):
    once = normalize(text)
    assert normalize(once) == once


@given(
    st.text(alphabet=st.characters(categories=["Lu", "Ll", "Zs", "Pd", "Pi", "Pf", "Cf", "Mn"]), max_size=80)
)
def test_every_view_character_comes_from_a_visible_original(text):
    view = build_view(text)
    for i, ch in enumerate(view.text):
        src = text[view.starts[i] : view.ends[i]]
        assert unicodedata.category(src[0]) != "Cf", (ch, src)
