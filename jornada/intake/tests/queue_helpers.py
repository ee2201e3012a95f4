"""What the staff intake queue tests share: requests set at a given age, urgency and party."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from jornada.intake.models import Intake
from jornada.intake.tests.helpers import submit


def request_for(*slugs: str, hours_ago: int = 1, **changes: Any) -> Intake:
    """Submit a request to the organisations ``slugs`` and make it ``hours_ago`` old."""
    changes.setdefault("any_organisation", False)
    intake = submit(organisations=list(slugs), **changes).intake
    received = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(hours=hours_ago)
    Intake.objects.filter(pk=intake.pk).update(received_at=received)
    intake.recipients.update(received_at=received)
    intake.refresh_from_db()
    return intake


def linked(intake: Intake, **parties: Any) -> Intake:
    """Link ``intake`` to directory records (``employer=``, ``recruiter=``) as triage would."""
    Intake.objects.filter(pk=intake.pk).update(**parties)
    intake.refresh_from_db()
    return intake
