"""Expire the cached publication when a record it counts changes.

Receivers, not calls in each app's services: the sources' services know nothing of evidence,
and every write to a counted model (moderation, consent, closing, withdrawal) goes through a
save or delete that fires here. Bulk writes (imports, benchmarks) call ``publication_expire``.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from jornada.alerts.models import ScamReport
from jornada.cases.models import Case, CaseCategory, CaseConsent, CaseContact, CaseParty, CaseStep
from jornada.evidence.publication import publication_expire
from jornada.intake.models import Intake
from jornada.reviews.models import Review

COUNTED = (Review, ScamReport, Intake, Case, CaseCategory, CaseConsent, CaseContact, CaseParty, CaseStep)


def _expire(sender: Any, **kwargs: Any) -> None:
    transaction.on_commit(publication_expire)


def connect() -> None:
    for model in COUNTED:
        post_save.connect(_expire, sender=model, dispatch_uid=f"evidence-{model._meta.label}-save")
        post_delete.connect(_expire, sender=model, dispatch_uid=f"evidence-{model._meta.label}-delete")
