import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jornada.directory.models import CaseClient, Employer, ImportRun, Recruiter

pytestmark = pytest.mark.django_db


@pytest.fixture
def dol_site(tmp_path: Path, shared_data: Path) -> Iterator[str]:
    """A local web server standing in for DOL, publishing one real file of fiscal year 2022."""
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(shared_data / "dol" / "H-2B_Appendix_D_FY2022_Q2.xlsx", site)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_it_downloads_and_imports_a_fiscal_years_files(dol_site: str, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """--download fetches the latest quarter DOL has of each file and imports it."""
    settings.JORNADA_DOL_BASE_URL = dol_site
    settings.DATA_DIR = tmp_path
    out = StringIO()
    call_command("import_dol", "--download", "2022", stdout=out, stderr=StringIO())
    assert "H-2B_Appendix_D_FY2022_Q2.xlsx" in out.getvalue()
    assert CaseClient.objects.count() == 18
    assert (tmp_path / "dol" / "2022" / "H-2B_Appendix_D_FY2022_Q2.xlsx").exists()


def test_it_says_when_dol_cannot_be_reached(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    """Offline, the command fails with a message saying so, and imports nothing."""
    settings.DATA_DIR = tmp_path
    settings.JORNADA_DOL_BASE_URL = "http://127.0.0.1:1/oflc"  # nothing listens on port 1
    with pytest.raises(CommandError, match=r"No se puede llegar al Departamento de Trabajo|Cannot reach"):
        call_command("import_dol", "--download", "2024", stdout=StringIO())
    assert not ImportRun.objects.exists()


def test_it_names_the_file_and_missing_columns(tmp_path: Path) -> None:
    """A recognisable file without a required column fails naming both; nothing is written."""
    broken = tmp_path / "H-2A_Disclosure_Data_FY2016.csv"
    broken.write_text(
        "CASE_NUMBER,CASE_STATUS,EMPLOYER_NAME,NBR_WORKERS_CERTIFIED,PRIMARY_CROP\nH-300-1,Certified,X,1,Apples\n"
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_dol", str(broken), stdout=StringIO(), stderr=err)
    assert "H-2A_Disclosure_Data_FY2016.csv" in err.getvalue()
    assert "worksite_state" in err.getvalue()
    assert not Employer.objects.exists()


def test_it_refuses_an_unrecognisable_file(tmp_path: Path) -> None:
    """A spreadsheet that is not a DOL file is refused by name."""
    other = tmp_path / "shopping.csv"
    other.write_text("item,price\nbeans,2\n")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_dol", str(other), stdout=StringIO(), stderr=err)
    assert "shopping.csv" in err.getvalue()


def test_the_demo_directory_is_fictional_and_idempotent(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    """make run's demo: invented employers and recruiters, marked fictional, unchanged by a second run."""
    settings.DATA_DIR = tmp_path
    settings.DEBUG = True
    call_command("demo_data", stdout=StringIO())
    employers, recruiters = Employer.objects.count(), Recruiter.objects.count()
    assert employers == 12
    assert recruiters == 3
    assert not Employer.objects.filter(is_fictional=False).exists()
    assert all("(demo)" in name for name in Employer.objects.values_list("name", flat=True))
    assert Employer.objects.filter(has_findings=True).count() == 1
    assert Employer.objects.filter(has_debarment=True).count() == 1
    runs = ImportRun.objects.count()
    call_command("demo_data", stdout=StringIO())
    assert (Employer.objects.count(), ImportRun.objects.count()) == (employers, runs)
