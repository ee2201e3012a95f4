"""One importer per kind of DOL file: collect parsed records, then write them in bulk.

Importers never commit: ``imports.dol_file_import`` runs each file in one transaction. The
interface and what they share are in ``base``; one module per family of files: ``main_files``
(H-2A and H-2B disclosure files), ``appendices`` (H-2A addenda, H-2B appendices), ``whd`` and
``debarments`` (with ``findings``, which links both to employers)."""

from __future__ import annotations

from jornada.directory.dol import FileKind
from jornada.directory.services.importers.appendices import (
    AddendumAImporter,
    AddendumBImporter,
    AppendixAImporter,
    AppendixCImporter,
    AppendixDImporter,
    DetailImporter,
    DetailRow,
)
from jornada.directory.services.importers.base import Counts, ImportContext, Importer
from jornada.directory.services.importers.debarments import DebarmentImporter
from jornada.directory.services.importers.findings import linked_employer, waiting_findings_link
from jornada.directory.services.importers.main_files import MainFileImporter, MainRow
from jornada.directory.services.importers.whd import WhdImporter

__all__ = [
    "IMPORTERS",
    "AddendumAImporter",
    "AddendumBImporter",
    "AppendixAImporter",
    "AppendixCImporter",
    "AppendixDImporter",
    "Counts",
    "DebarmentImporter",
    "DetailImporter",
    "DetailRow",
    "ImportContext",
    "Importer",
    "MainFileImporter",
    "MainRow",
    "WhdImporter",
    "linked_employer",
    "waiting_findings_link",
]

IMPORTERS: dict[FileKind, type[Importer]] = {
    FileKind.H2A_MAIN: MainFileImporter,
    FileKind.H2B_MAIN: MainFileImporter,
    FileKind.H2A_ADDENDUM_A: AddendumAImporter,
    FileKind.H2A_ADDENDUM_B: AddendumBImporter,
    FileKind.H2B_APPENDIX_A: AppendixAImporter,
    FileKind.H2B_APPENDIX_C: AppendixCImporter,
    FileKind.H2B_APPENDIX_D: AppendixDImporter,
    FileKind.WHD: WhdImporter,
    FileKind.DEBARMENTS: DebarmentImporter,
}
