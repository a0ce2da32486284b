"""The zh-hans catalogues are complete, and the committed compiled catalogues match them."""

import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(
    p for p in ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po")
    if ".venv" not in p.parts and "node_modules" not in p.parts
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def _messages(catalogue) -> dict:
    messages = {}
    for entry in catalogue:
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
        value = tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr
        messages[key] = value
    return messages


def test_every_app_has_a_catalogue():
    apps = {p.parts[-5] if len(p.relative_to(ROOT).parts) > 4 else "." for p in CATALOGUES}
    assert {".", "schools", "supervision", "activities", "cadres"} <= apps


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete(po_path):
    catalogue = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated in {po_path}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {po_path}: {fuzzy[:10]}"
    for entry in catalogue.translated_entries():
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        strings = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for msgstr in strings:
            assert sorted(PLACEHOLDER.findall(msgstr)) == wanted, (entry.msgid, msgstr)


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_matches_source(po_path, tmp_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is not compiled (run make messages)"
    fresh = tmp_path / "fresh.mo"
    polib.pofile(str(po_path)).save_as_mofile(str(fresh))
    expected = {k: v for k, v in _messages(polib.mofile(str(fresh))).items() if k[1]}
    committed = {k: v for k, v in _messages(polib.mofile(str(mo_path))).items() if k[1]}
    assert committed == expected, f"{mo_path} is stale: run make messages and commit it"


def test_chinese_is_the_default_language(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="zh-CN"' in response.content.decode()
    assert "登录" in response.content.decode()


def test_english_is_switchable(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = client.get("/accounts/login/").content.decode()
    assert 'lang="en"' in page
    assert "Log in" in page


def test_dates_use_chinese_format():
    from datetime import date

    from django.utils.formats import date_format

    with translation.override("zh-hans"):
        assert date_format(date(2026, 3, 5)) == "2026年3月5日"


def test_no_msgid_is_translated_two_ways_across_catalogues():
    """Django merges every catalogue into one table, so a (context, msgid) translated differently
    in two apps shows one app's Chinese in the other (a cadre's grade as 年级). Give the specific
    use a context (pgettext) or use one translation everywhere."""
    seen: dict = {}
    for po_path in CATALOGUES:
        app = str(po_path.relative_to(ROOT).parts[0])
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete or not entry.msgid or not entry.translated():
                continue
            value = (tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural
                     else entry.msgstr)
            key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
            seen.setdefault(key, {}).setdefault(value, []).append(app)
    collisions = [f"{key[0]!r} {key[1]!r}: {by_value}" for key, by_value in seen.items()
                  if len(by_value) > 1]
    assert not collisions, (f"{len(collisions)} msgids translated differently across catalogues:\n"
                            + "\n".join(collisions))


HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_english_source_string_holds_chinese(po_path):
    """The English UI is the source strings: a Chinese gloss in one ("Plan (方案)") is Chinese in
    the English UI. The Chinese name belongs in the translation (and in code comments)."""
    found = [e.msgid for e in polib.pofile(str(po_path)) if not e.obsolete
             and (HAN.search(e.msgid) or HAN.search(e.msgid_plural or ""))]
    assert not found, f"Chinese in English source strings of {po_path}: {found}"
