"""Fill empty msgstr entries of a .po file from a Python dict file of translations.

Usage: python scripts/po_fill.py path/to/django.po translations.py
The translations file defines T = {"English msgid": "Vietnamese", ...}; plural entries use a
tuple (singular, plural). Prints the msgids still untranslated."""

import runpy
import sys

import polib


def main(po_path: str, dict_path: str) -> int:
    table = runpy.run_path(dict_path)["T"]
    po = polib.pofile(po_path)
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.msgstr = ""
        value = table.get(entry.msgid)
        if entry.msgid_plural:
            if value and not any(entry.msgstr_plural.values()):
                entry.msgstr_plural = {0: value if isinstance(value, str) else value[0]}
            if not any(entry.msgstr_plural.values()):
                missing.append(entry.msgid)
        elif not entry.msgstr:
            if value:
                entry.msgstr = value
            else:
                missing.append(entry.msgid)
    po.save(po_path)
    for msgid in missing:
        print("MISSING:", repr(msgid))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
