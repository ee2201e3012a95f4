"""Migrations that change stored follows: what a database held before them holds after."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from jornada.core import migration_testing

BEFORE = [("alerts", "0007_follow_by_whatsapp")]
AFTER = [("alerts", "0008_follow_day_only")]


@pytest.fixture
def migrated_back() -> Iterator[Any]:
    """The alerts models as they were before the migration; everything migrated forward after."""
    with migration_testing.migrated_back(BEFORE) as apps:
        yield apps


@pytest.mark.django_db(transaction=True)
def test_it_keeps_only_the_day_of_existing_follows(migrated_back: Any) -> None:
    """A follow made before the migration keeps its UTC day; its exact time is gone."""
    follows = migrated_back.get_model("alerts", "Follow").objects
    made = dt.datetime(2026, 3, 9, 23, 41, 7, 123456, tzinfo=dt.timezone(dt.timedelta(hours=-6)))
    follow = follows.create(
        kind="phone", target="+525512345678", target_label="x", channel="email",
        contact_encrypted="x", base_url="http://testserver/", created_at=made,
    )  # fmt: skip

    after = migration_testing.migrate_to(AFTER).get_model("alerts", "Follow")
    assert after.objects.values_list("created_on", flat=True).get(pk=follow.pk) == dt.date(2026, 3, 10)
    assert "created_at" not in {field.name for field in after._meta.get_fields()}
