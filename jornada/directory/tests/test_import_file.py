"""``dol_file_import`` around the rows: what it leaves of the process it runs in."""

import gc
from pathlib import Path

import pytest

from jornada.directory.services import importers
from jornada.directory.services.imports import ImportFailed, dol_file_import
from jornada.directory.tests.helpers import H2A_HEADER, h2a_row, write_csv

pytestmark = pytest.mark.django_db


def _file(folder: Path, name: str = "H-2A_Disclosure_Data_FY2017_Q4.csv") -> Path:
    return write_csv(folder / name, H2A_HEADER, [h2a_row("H-300-17001-000001", "Huertas del Sur")])


@pytest.mark.parametrize("enabled", [True, False], ids=["collection on", "collection off"])
def test_it_pauses_garbage_collection_and_leaves_it_as_it_was(tmp_path, enabled, monkeypatch):
    seen = []
    real = importers.MainFileImporter.finish

    def finish(self):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        real(self)

    monkeypatch.setattr(importers.MainFileImporter, "finish", finish)
    (gc.enable if enabled else gc.disable)()
    try:
        dol_file_import(path=_file(tmp_path))
        after_success = gc.isenabled()
        broken = tmp_path / "H-2A_Disclosure_Data_FY2016.csv"
        broken.write_text("CASE_NUMBER,EMPLOYER_NAME\nH-300-1,X\n")
        with pytest.raises(ImportFailed):
            dol_file_import(path=broken)
        after_failure = gc.isenabled()
    finally:
        gc.enable()

    assert seen == [False]
    assert after_success is after_failure is enabled
