"""Translation catalogue housekeeping: where catalogues are, what is missing, English filling.

Each app owns ``<app>/locale/<lang>/LC_MESSAGES/django.po``. Interface text is written in
English in the source, so the English catalogue is filled from the source text by
``python -m jornada.core.i18n fill-english`` (run by ``make messages``); Spanish is translated by
people.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polib

PACKAGE_DIR = Path(__file__).resolve().parent.parent
SOURCE_LANGUAGE = "en"


def app_dirs() -> list[Path]:
    """Return the folder of every Jornada app (each has its own catalogues)."""
    return sorted(path.parent for path in PACKAGE_DIR.glob("*/apps.py"))


def catalogues() -> list[Path]:
    return sorted(PACKAGE_DIR.glob("*/locale/*/LC_MESSAGES/django.po"))


def compile_catalogues(*, force: bool = False) -> int:
    """Compile every stale catalogue (.po to .mo) with polib; return how many were compiled."""
    compiled = 0
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        compiled += 1
    return compiled


def catalogue_path(app_dir: Path, language: str) -> Path:
    return app_dir / "locale" / language / "LC_MESSAGES" / "django.po"


def entry_key(entry: polib.POEntry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def problems(po_path: Path) -> list[str]:
    """Return a line for every entry of ``po_path`` that is untranslated or fuzzy."""
    found = []
    catalogue = polib.pofile(str(po_path))
    match = re.search(r"nplurals\s*=\s*(\d+)", catalogue.metadata.get("Plural-Forms", ""))
    plurals = int(match.group(1)) if match else 2
    for entry in catalogue:
        if entry.obsolete:
            continue
        if entry.fuzzy:
            found.append(f"fuzzy: {entry.msgid!r}")
        elif not entry.translated():
            found.append(f"untranslated: {entry.msgid!r}")
        elif entry.msgid_plural and sorted(entry.msgstr_plural) != list(range(plurals)):
            found.append(f"missing plural forms ({plurals} needed): {entry.msgid!r}")
    return found


@contextmanager
def _working_directory(path: Path) -> Iterator[None]:
    previous = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def extract(app_dir: Path) -> set[tuple[str, str, str]]:
    """Return the keys of every translatable string in ``app_dir``'s code and templates now.

    Runs Django's makemessages (GNU xgettext) on a scratch copy, so nothing in the tree changes.
    """
    from django.core.management import call_command

    with tempfile.TemporaryDirectory(prefix="jornada-messages-") as scratch:
        copy = Path(scratch) / app_dir.name
        shutil.copytree(app_dir, copy, ignore=shutil.ignore_patterns("tests", "content", "__pycache__"))
        (copy / "locale").mkdir(exist_ok=True)
        with _working_directory(copy):
            call_command("makemessages", locale=["en"], verbosity=0, no_obsolete=True)
        po_path = catalogue_path(copy, "en")
        if not po_path.exists():
            return set()
        return {entry_key(entry) for entry in polib.pofile(str(po_path)) if not entry.obsolete}


def conflicts(language: str) -> list[str]:
    """Return a line for every msgid (with its context) translated differently by two apps.

    Django merges every app's catalogue into one, and the app listed first in INSTALLED_APPS wins,
    so a string translated two ways shows the first app's form everywhere. Where the meaning or the
    grammatical gender really differs, the source strings need a context (pgettext); where it is
    only style, the translations should be made equal.
    """
    seen: dict[tuple[str, str, str], dict[str, list[str]]] = {}
    for po_path in sorted(PACKAGE_DIR.glob(f"*/locale/{language}/LC_MESSAGES/django.po")):
        app = po_path.parents[3].name
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete or not entry.translated():
                continue
            if entry.msgid_plural:
                msgstr = " | ".join(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
            else:
                msgstr = entry.msgstr
            seen.setdefault(entry_key(entry), {}).setdefault(msgstr, []).append(app)
    found = []
    for (context, msgid, _plural), translations in sorted(seen.items()):
        if len(translations) > 1:
            where = "; ".join(f"{', '.join(apps)}: {msgstr!r}" for msgstr, apps in translations.items())
            label = f"{msgid!r} (context {context!r})" if context else repr(msgid)
            found.append(f"{label} -> {where}")
    return found


def fill_english() -> int:
    """Copy the source text into every empty or fuzzy English entry; return how many changed."""
    changed = 0
    for po_path in PACKAGE_DIR.glob(f"*/locale/{SOURCE_LANGUAGE}/LC_MESSAGES/django.po"):
        catalogue = polib.pofile(str(po_path))
        dirty = False
        for entry in catalogue:
            if entry.obsolete or (entry.translated() and not entry.fuzzy):
                continue
            if entry.msgid_plural:
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}  # English has two forms
            else:
                entry.msgstr = entry.msgid
            if entry.fuzzy:
                entry.flags.remove("fuzzy")
            changed += 1
            dirty = True
        if dirty:
            catalogue.save()
    return changed


if __name__ == "__main__":
    if sys.argv[1:] == ["fill-english"]:
        print(f"Filled {fill_english()} English entries from the source text.")
    elif sys.argv[1:2] == ["conflicts"]:
        lines = [
            f"{language}: {line}" for language in sys.argv[2:] or ["es", "en"] for line in conflicts(language)
        ]
        print("\n".join(lines) or "No msgid is translated differently by two apps.")
        sys.exit(1 if lines else 0)
    else:
        sys.exit("usage: python -m jornada.core.i18n fill-english | conflicts [LANGUAGE...]")
