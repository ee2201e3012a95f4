"""jornada import_hsds: idempotent, all or nothing, and a round trip gives the same directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from jornada.network.demo import demo_records
from jornada.network.hsds import ORGANIZATION_PREFETCH, organization_out
from jornada.network.imports import ImportRefused, hsds_import
from jornada.network.models import Location, Organization, Phone, Schedule, Service, ServiceAtLocation
from jornada.network.tests.conftest import SHELTER_ADDRESS, shelter_record

pytestmark = pytest.mark.django_db


def export() -> list[dict]:
    organizations = Organization.objects.order_by("id").prefetch_related(*ORGANIZATION_PREFETCH)
    return json.loads(
        json.dumps([organization_out(organization) for organization in organizations], sort_keys=True)
    )


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Organization, Service, Location, Phone, Schedule, ServiceAtLocation)
    )


def test_it_imports_a_file_twice_without_changing_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The second import of the same file reports every record unchanged and creates nothing."""
    path = tmp_path / "directory.json"
    path.write_text(json.dumps([*demo_records(), shelter_record()]))
    call_command("import_hsds", str(path))
    first = counts()
    capsys.readouterr()
    call_command("import_hsds", str(path))
    output = capsys.readouterr().out
    assert counts() == first
    assert "created" not in output
    assert "updated" not in output
    assert "unchanged 13 organizations" in output


@pytest.mark.usefixtures("directory")
def test_it_gives_the_same_directory_after_export_and_import_into_an_empty_database() -> None:
    """Export, empty the directory, import the export: the export of the result is identical."""
    before = export()
    Organization.objects.all().delete()
    assert counts()[0] == 0
    hsds_import(data=before, source="export.json")
    assert export() == before


@pytest.mark.usefixtures("directory")
def test_it_keeps_a_confidential_address_when_its_own_export_comes_back() -> None:
    """The export leaves the shelter's address out; importing it back does not erase it here."""
    hsds_import(data=export(), source="export.json")
    assert (
        Location.objects.get(confidential=True, organization__name__startswith="Refugio").address_1
        == SHELTER_ADDRESS
    )


@pytest.mark.usefixtures("directory")
def test_it_refuses_the_whole_file_when_one_record_is_wrong() -> None:
    """A good record and a bad one: nothing is imported, and the record and field are named."""
    good = demo_records()[0]
    good["name"] = "Changed name"
    bad = json.loads(json.dumps(demo_records()[1]))
    bad["services"][0]["status"] = "open"
    bad["services"][0]["schedules"] = [{"id": "d7d5bc3e-5c43-4b3b-8a53-0d3c44a1f0b7", "byday": "MONDAY"}]
    before = counts()
    with pytest.raises(ImportRefused) as refused:
        hsds_import(data=[good, bad], source="partner.json")
    problems = [(problem.record, problem.field) for problem in refused.value.report.problems]
    assert ("organizations[1] (" + bad["id"] + ")", "services[0].status") in problems
    assert ("organizations[1] (" + bad["id"] + ")", "services[0].schedules[0].byday") in problems
    assert counts() == before
    assert not Organization.objects.filter(name="Changed name").exists()


def test_it_refuses_a_file_that_is_not_hsds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """JSON that is not HSDS, and text that is not JSON, are refused with the file named."""
    with translation.override("en"):
        path = tmp_path / "other.json"
        path.write_text(json.dumps("just a string"))
        with pytest.raises(CommandError, match=r"other\.json: refused, nothing imported"):
            call_command("import_hsds", str(path))
        assert "is not HSDS" in capsys.readouterr().err
        path.write_text("<html>")
        with pytest.raises(CommandError, match=r"other\.json: not JSON"):
            call_command("import_hsds", str(path))
        missing = [{"id": "a6f1c0de-0000-4000-8000-000000000001", "name": "No description"}]
        path.write_text(json.dumps(missing))
        with pytest.raises(CommandError):
            call_command("import_hsds", str(path))
        assert (
            "organizations[0] (a6f1c0de-0000-4000-8000-000000000001): description:" in capsys.readouterr().err
        )
        assert Organization.objects.count() == 0


def test_it_imports_services_with_their_nested_organization() -> None:
    """A page of services from another HSDS API, each with its organisation, is imported."""
    record = demo_records()[1]
    service = dict(
        record["services"][0], organization={key: record[key] for key in ("id", "name", "description")}
    )
    service["service_at_locations"] = [
        dict(link, location=record["locations"][0]) for link in service["service_at_locations"]
    ]
    hsds_import(data={"contents": [service], "total_items": 1}, source="page.json")
    assert Service.objects.get().organization.name == record["name"]
    assert Location.objects.get().city == "Fresno"
