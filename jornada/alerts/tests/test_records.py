"""Followers of employers and recruiters: one message per import, and follows that survive a merge."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from jornada.alerts.models import Event, EventTarget, Follow
from jornada.alerts.services import event_record, records_scan
from jornada.core.tests.factories import UserFactory
from jornada.directory.models import Employer, ImportRun
from jornada.directory.services.merging import employers_merge
from jornada.directory.tests.helpers import h2a_row, import_h2a

pytestmark = pytest.mark.django_db


def _follow(slug: str, label: str) -> Follow:
    return Follow.objects.create(
        kind="employer",
        target=slug,
        target_label=label,
        channel="email",
        contact_encrypted="",
        base_url="http://testserver/",
        confirmed=True,
    )


def test_it_tells_a_follower_once_per_import_with_the_count(
    tmp_path: Path, run_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """An import with three job orders of a followed employer makes one event (count 3) and one message."""
    import_h2a(tmp_path, 2017, [h2a_row("H-300-17001-000001", "Green Valley Farms", "GA")])
    follow = _follow("green-valley-farms-ga", "Green Valley Farms")
    Follow.objects.filter(pk=follow.pk).update(contact_encrypted=_encrypted("trabajadora@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        import_h2a(
            tmp_path,
            2018,
            [h2a_row(f"H-300-18001-00000{n}", "Green Valley Farms", "GA") for n in (3, 1, 2)],
            quarter=1,
        )
    with django_capture_on_commit_callbacks(execute=True):
        run_tasks()
    run_tasks()
    event = Event.objects.get(kind="record")
    assert event.count == 3
    assert event.path == "directory/employers/green-valley-farms-ga/"
    assert len(mail.outbox) == 1
    assert "3 nuevos registros del Departamento de Trabajo de Green Valley Farms" in mail.outbox[0].body
    feed = Client().get("/api/v1/alerts/events", {"employer": "green-valley-farms-ga"}).json()
    assert [item["sentence"] for item in feed] == [
        "3 nuevos registros del Departamento de Trabajo de Green Valley Farms"
    ]
    # The same scan again (a retried task, the command by hand) records nothing more.
    run = ImportRun.objects.order_by("-started_at").first()
    assert run is not None
    assert records_scan(run=run) == 0
    assert Event.objects.filter(kind="record").count() == 1


def _encrypted(contact: str) -> str:
    from jornada.alerts.crypto import encrypt_contact

    return encrypt_contact(contact)


def test_follows_and_events_move_with_a_merge_and_the_old_address_redirects(tmp_path: Path) -> None:
    """Merging two employers moves the merged-away one's follows and events, and its page answers 301 to the survivor."""
    import_h2a(
        tmp_path,
        2017,
        [
            h2a_row("H-300-17001-000001", "Sunrise Harvest", "FL"),
            h2a_row("H-300-17001-000002", "Sun Rise Harvesting Crew", "FL"),
        ],
    )
    target = Employer.objects.get(name="Sunrise Harvest")
    other = Employer.objects.get(name="Sun Rise Harvesting Crew")
    old_slug = other.slug
    follow = _follow(old_slug, other.name)
    both = event_record(
        kind="review",
        source="s1",
        title="x",
        path="x/",
        targets=[("employer", old_slug), ("employer", target.slug)],
    )
    only_old = event_record(
        kind="review", source="s2", title="x", path="x/", targets=[("employer", old_slug)]
    )
    assert both is not None
    assert only_old is not None
    employers_merge(target=target, others=[other], actor=UserFactory(is_superuser=True))
    follow.refresh_from_db()
    assert (follow.target, follow.target_label) == (target.slug, "Sunrise Harvest")
    assert not EventTarget.objects.filter(target=old_slug).exists()
    assert EventTarget.objects.filter(target=target.slug).count() == 2
    response = Client().get(f"/es/directory/employers/{old_slug}/?page=2")
    assert response.status_code == 301
    assert response["Location"] == f"/es/directory/employers/{target.slug}/?page=2"
    assert Client().get(f"/es/directory/employers/{target.slug}/").status_code == 200
    assert Client().get("/es/directory/employers/never-existed/").status_code == 404


def test_a_slug_merged_twice_redirects_to_the_last_survivor(tmp_path: Path) -> None:
    """A→B then B→C: A's address redirects straight to C."""
    import_h2a(
        tmp_path,
        2017,
        [
            h2a_row("H-300-17001-000001", "Alpha Farms", "FL"),
            h2a_row("H-300-17001-000002", "Beta Orchards", "FL"),
            h2a_row("H-300-17001-000003", "Gamma Growers", "FL"),
        ],
    )
    a, b, c = (Employer.objects.get(name=name) for name in ("Alpha Farms", "Beta Orchards", "Gamma Growers"))
    staff = UserFactory(is_superuser=True)
    employers_merge(target=b, others=[a], actor=staff)
    employers_merge(target=c, others=[b], actor=staff)
    for slug in (a.slug, b.slug):
        response = Client().get(f"/es/directory/employers/{slug}/")
        assert (response.status_code, response["Location"]) == (301, f"/es/directory/employers/{c.slug}/")
