"""One message catalogue: English messages in the code, a gettext .po per language kept with Babel, complete and in step."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from readiness.text import LANGUAGES, catalogue, language, t, tn

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "readiness"
KEYWORDS = {"t": None, "tn": (1, 2), "N_": None, "Text": None}  # as babel.cfg and `python3 dev.py catalogue` extract them
TRANSLATED = [lang for lang in LANGUAGES if lang != catalogue.SOURCE_LANGUAGE]


def po(lang: str):
    with catalogue.po_path(lang).open("rb") as file:
        return read_po(file, locale=lang)


def messages(lang: str) -> list:
    return [m for m in po(lang) if m.id]


def extracted() -> set:
    """Every message the code marks (t, tn, N_), as Babel extracts it."""
    found = set()
    method = [("**.py", "readiness.text.extract:extract")]  # as babel.cfg says: f-strings too
    for _, _, message, _, _ in extract_from_dir(str(PACKAGE), method_map=method, keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(lang):
    untranslated = [m.id for m in messages(lang) if not m.string or (not isinstance(m.string, str) and not all(m.string))]
    fuzzy = [m.id for m in messages(lang) if m.fuzzy]
    assert (untranslated, fuzzy) == ([], [])


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_translation_has_the_placeholders_of_its_message(lang):
    differ = []
    for m in messages(lang):
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        wanted = set().union(*(catalogue.placeholders(i) for i in ids)) - {"n"}
        differ += [(m.id, s) for s in strings if catalogue.placeholders(s) - {"n"} != wanted]
    assert differ == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_catalogue_holds_exactly_what_the_code_says(lang):
    """`python3 dev.py catalogue` was run: no message of the code is missing, none is left over."""
    in_code = extracted()
    in_po = {m.id if isinstance(m.id, str) else tuple(m.id) for m in messages(lang)}
    assert sorted(map(str, in_code - in_po)) == [], "messages missing from the catalogue: run python3 dev.py catalogue"
    assert sorted(map(str, in_po - in_code)) == [], "messages no longer in the code: run python3 dev.py catalogue"


def test_messages_inside_f_strings_are_extracted_too():
    from io import BytesIO

    from babel.messages.extract import extract

    source = b"x = f\"{t('Overall score', lang)} and {tn('{n} row', '{n} rows', n, lang)}\"\ny = t(\"Verdict\", lang)\n"
    found = [message for _, message, _, _ in extract("readiness.text.extract:extract", BytesIO(source), keywords=KEYWORDS)]
    assert sorted(map(str, found)) == sorted(map(str, ["Verdict", "Overall score", ("{n} row", "{n} rows")]))


def test_the_template_is_in_step_with_the_code():
    with (PACKAGE / "text" / "locales" / "readiness.pot").open("rb") as file:
        template = {m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(file) if m.id}
    assert template == extracted()


def test_no_french_text_of_the_tool_is_left_in_the_code():
    french = {m.string for m in messages("fr") if isinstance(m.string, str) and len(m.string) >= 14 and m.string != m.id}
    found = {}
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        hits = [text for text in french if text in source]
        if hits:
            found[str(path.relative_to(ROOT))] = hits[:3]
    assert found == {}


@pytest.mark.parametrize(
    ("message", "lang", "values", "shown"),
    [
        ("Overall score", "fr", {}, "Score global"),
        ("Overall score", "en", {}, "Overall score"),
        ("Peers: {group} (n = {n})", "fr", {"group": "même taille", "n": 12}, "Pairs : même taille (n = 12)"),
        ("{name}: {value}", "fr", {"name": "Budget", "value": "6 000 $"}, "Budget\u00a0: 6 000 $"),
        ("{label}: {value}", "en", {"label": "Client", "value": "61.7"}, "Client: 61.7"),
        ("a message not in the catalogue", "fr", {}, "a message not in the catalogue"),
    ],
)
def test_t_translates_and_fills_in(message, lang, values, shown):
    assert t(message, lang, **values) == shown


@pytest.mark.parametrize(("n", "lang", "shown"), [(1, "fr", "1 fichier écrit dans out"), (2, "fr", "2 fichiers écrits dans out"),
                                                 (0, "fr", "0 fichier écrit dans out"), (1, "en", "1 file written to out"),
                                                 (0, "en", "0 files written to out")])  # fmt: skip
def test_tn_follows_each_languages_plural(n, lang, shown):
    assert tn("{n} file written to {out}", "{n} files written to {out}", n, lang, out="out") == shown


def test_an_unknown_language_is_refused_by_name():
    with pytest.raises(ValueError, match="'de'"):
        t("Overall score", "de")


@pytest.mark.parametrize(
    ("explicit", "environ", "chosen"),
    [
        ("fr", {"READINESS_LANG": "en", "LANG": "en_CA.UTF-8"}, "fr"),  # --lang first
        (None, {"READINESS_LANG": "fr", "LANG": "en_CA.UTF-8"}, "fr"),  # then READINESS_LANG
        (None, {"LANG": "fr_CA.UTF-8"}, "fr"),  # then the locale
        (None, {"LC_ALL": "fr_FR.utf8", "LANG": "en_US.UTF-8"}, "fr"),  # LC_ALL before LANG
        (None, {"LC_MESSAGES": "en_CA", "LANG": "fr_CA.UTF-8"}, "en"),  # LC_MESSAGES before LANG
        (None, {"LANG": "fr-BE"}, "fr"),
        (None, {"LANG": "de_DE.UTF-8"}, "en"),  # a language the tool does not speak: English
        (None, {"LANG": "C.UTF-8"}, "en"),
        (None, {}, "en"),
    ],
)
def test_the_consultants_language_comes_from_lang_then_readiness_lang_then_the_locale(explicit, environ, chosen):
    assert language(explicit, environ) == chosen


def test_the_compiled_catalogue_is_cached_by_content_and_never_committed(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    po_file = tmp_path / "fr" / "LC_MESSAGES" / "readiness.po"
    po_file.parent.mkdir(parents=True)
    po_file.write_bytes(catalogue.po_path("fr").read_bytes())
    first = catalogue.compiled(po_file)
    cached = list((tmp_path / "readiness" / "locales").glob("fr-*.mo"))
    assert len(cached) == 1 and cached[0].read_bytes() == first
    monkeypatch.setattr(catalogue, "compile_po", lambda *a: pytest.fail("compiled again although cached"))
    assert catalogue.compiled(po_file) == first
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    po_file.write_bytes(po_file.read_bytes().replace(b'msgstr "Score global"', b'msgstr "Score total"'))
    assert b"Score total" in catalogue.compiled(po_file)  # an edited .po is compiled again, whatever its date
    assert len(list((tmp_path / "readiness" / "locales").glob("fr-*.mo"))) == 2
    assert not list(PACKAGE.rglob("*.mo")) and "*.mo" in (ROOT / ".gitignore").read_text()


def test_without_a_cache_the_catalogue_is_compiled_in_memory(tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert b"Score global" in catalogue.compiled(catalogue.po_path("fr"))


def test_the_tools_words_are_translated_everywhere_they_show():
    assert re.search(r"Pairs : même secteur", t("Peers: {group} (n = {n})", "fr", group=t("same industry", "fr"), n=5))
