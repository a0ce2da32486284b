"""Fill a zh-hans catalogue from a {msgid: msgstr} dict in a Python file, then report
what is still untranslated. Usage: python -m portal.i18n_fill CATALOGUE.po TRANSLATIONS.py"""

import runpy
import sys

import polib


def main(po_path: str, table_path: str) -> int:
    table = runpy.run_path(table_path)["T"]
    po = polib.pofile(po_path)
    for entry in po:
        key = (entry.msgid, entry.msgid_plural) if entry.msgid_plural else entry.msgid
        value = table.get(key) or table.get(entry.msgid)
        if value:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: value}
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.metadata["Language"] = "zh_Hans"
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.save()
    missing = [e.msgid for e in po if not e.translated()]
    for msgid in missing:
        print("untranslated:", repr(msgid))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
