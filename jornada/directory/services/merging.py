"""Staff corrections of entity resolution: merging two records, splitting spellings off one.

Every related row is moved, whichever app it belongs to (cases, enforcement, reviews…),
because the foreign keys are found from the model's relations, not listed here; what other
apps hold by slug (follows and their events) moves on the ``records_merged`` signal, in the
same transaction, and the merged-away address redirects to the survivor for good
(``RetiredSlug``). Each merge
and split is audited, and the moved spellings are marked as linked by staff so a re-import
keeps them where staff put them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jornada.core.audit import audit_record
from jornada.core.models import User
from jornada.directory.caching import records_changed
from jornada.directory.models import (
    CaseRecruiter,
    Employer,
    EmployerName,
    LinkReason,
    Recruiter,
    RecruiterName,
    RecruiterOffice,
    RecruiterPerson,
    RetiredSlug,
    SearchEntry,
)
from jornada.directory.services.entities import SlugMaker
from jornada.directory.services.refresh import employers_refresh, recruiters_refresh
from jornada.directory.signals import records_merged


def _move_related(source: models.Model, target: models.Model) -> None:
    """Point every row that refers to ``source`` at ``target`` instead."""
    for relation in source._meta.related_objects:
        if not (relation.one_to_many or relation.one_to_one) or relation.related_model is SearchEntry:
            continue
        related = cast(type[models.Model], relation.related_model)
        related._default_manager.filter(**{relation.field.name: source}).update(
            **{relation.field.name: target}
        )


def _retire_slug(model: type[Employer] | type[Recruiter], *, old: models.Model, new: models.Model) -> None:
    """Keep the merged-away address as a redirect to the survivor; move what other apps hold by slug."""
    kind = model._meta.model_name or ""
    old_slug, new_slug = old.slug, new.slug  # type: ignore[attr-defined]
    RetiredSlug.objects.filter(kind=kind, current=old_slug).update(current=new_slug)
    RetiredSlug.objects.filter(kind=kind, slug=new_slug).delete()  # the survivor's own address is live
    RetiredSlug.objects.update_or_create(kind=kind, slug=old_slug, defaults={"current": new_slug})
    records_merged.send(sender=model, kind=kind, old=old_slug, new=new_slug, label=new.name)  # type: ignore[attr-defined]


def _merge(
    model: type[Employer] | type[Recruiter],
    *,
    target: models.Model,
    others: Iterable[models.Model],
    actor: User,
    action: str,
) -> list[int]:
    merged = []
    for other in others:
        if other.pk == target.pk:
            continue
        if other.is_fictional != target.is_fictional:  # type: ignore[attr-defined]
            raise ValidationError(
                _("A fictional record cannot be merged with a real one."), code="fictional_mix"
            )
        other.names.update(link_reason=LinkReason.MANUAL, linked_at=timezone.now())  # type: ignore[attr-defined]
        _move_related(other, target)
        merged.append(other.pk)
        audit_record(actor=actor, action=action, target=target, detail={"merged_id": other.pk})
        SearchEntry.objects.filter(kind=model._meta.model_name, object_id=other.pk).delete()
        _retire_slug(model, old=other, new=target)
        other.delete()
    return merged


def _split_source(names: list[Any], owner: str, *, mixed: ValidationError, last: ValidationError) -> Any:
    """Return the one record these spellings belong to, if they may leave it (``mixed``, ``last`` if not)."""
    if not names:
        raise ValidationError(_("Choose at least one name to split off."), code="no_names")
    source = getattr(names[0], owner)
    if any(getattr(name, f"{owner}_id") != source.pk for name in names):
        raise mixed
    if source.names.exclude(pk__in=[name.pk for name in names]).count() == 0:
        raise last
    return source


@transaction.atomic
def employers_merge(*, target: Employer, others: Iterable[Employer], actor: User) -> Employer:
    """Make ``others`` part of ``target``: their spellings, cases and findings move to it."""
    _merge(Employer, target=target, others=others, actor=actor, action="directory.employer_merged")
    employers_refresh([target.pk])
    records_changed()
    target.refresh_from_db()
    return target


@transaction.atomic
def employer_split(*, names: Iterable[EmployerName], actor: User) -> Employer:
    """Move these spellings (and the cases filed under them) to a new employer."""
    names = list(names)
    source: Employer = _split_source(
        names,
        "employer",
        mixed=ValidationError(_("The names must all belong to one employer."), code="mixed_employers"),
        last=ValidationError(_("An employer must keep at least one name."), code="last_name"),
    )
    first = names[0]
    slugs = SlugMaker(set(Employer.objects.values_list("slug", flat=True)))
    new = Employer.objects.create(
        name=first.name,
        normalised_name=first.normalised,
        slug=slugs.make(first.name, source.state),
        city=source.city,
        state=source.state,
        country=source.country,
        is_fictional=source.is_fictional,
    )
    for name in names:
        name.employer = new
        name.link_reason = LinkReason.MANUAL
        name.link_score = 1.0
        name.linked_at = timezone.now()
        name.save()
        name.case_links.update(employer=new)
    audit_record(
        actor=actor,
        action="directory.employer_split",
        target=source,
        detail={"new_id": new.pk, "names": len(names)},
    )
    employers_refresh([source.pk, new.pk])
    records_changed()
    return new


def _fold_offices_and_people(target: Recruiter, other: Recruiter) -> None:
    """Offices and people the target already lists replace the other's copies before the move."""
    for office in list(other.offices.all()):
        twin = target.offices.filter(city=office.city, state=office.state, country=office.country).first()
        if twin is not None:
            CaseRecruiter.objects.filter(office=office).update(office=twin)
            office.delete()
    twins = set(target.people.values_list("name", flat=True))
    other.people.filter(name__in=twins).delete()  # links name people as text, not by row


@transaction.atomic
def recruiters_merge(*, target: Recruiter, others: Iterable[Recruiter], actor: User) -> Recruiter:
    """Consolidate recruiter records (one organisation published under several names)."""
    others = list(others)
    for other in others:
        if other.pk != target.pk:
            _fold_offices_and_people(target, other)
    _merge(Recruiter, target=target, others=others, actor=actor, action="directory.recruiter_merged")
    recruiters_refresh([target.pk])
    records_changed()
    target.refresh_from_db()
    return target


@transaction.atomic
def recruiter_split(*, names: Iterable[RecruiterName], actor: User) -> Recruiter:
    """Move these spellings, and the case links filed under them, to a new recruiter."""
    names = list(names)
    source: Recruiter = _split_source(
        names,
        "recruiter",
        mixed=ValidationError(_("The names must all belong to one recruiter."), code="mixed_recruiters"),
        last=ValidationError(_("A recruiter must keep at least one name."), code="last_name"),
    )
    first = names[0]
    slugs = SlugMaker(set(Recruiter.objects.values_list("slug", flat=True)))
    new = Recruiter.objects.create(
        name=first.name,
        normalised_name=first.normalised,
        slug=slugs.make(first.name, source.country),
        kind=source.kind,
        city=source.city,
        state=source.state,
        country=source.country,
        is_fictional=source.is_fictional,
    )
    RecruiterName.objects.filter(pk__in=[name.pk for name in names]).update(
        recruiter=new, link_reason=LinkReason.MANUAL, link_score=1.0, linked_at=timezone.now()
    )
    moved = CaseRecruiter.objects.filter(recruiter_name__in=names)
    for link in moved.select_related("office"):
        link.recruiter = new
        if link.office is not None:
            link.office, _created = RecruiterOffice.objects.get_or_create(
                recruiter=new, city=link.office.city, state=link.office.state, country=link.office.country
            )
        for person in link.people_listed():
            RecruiterPerson.objects.get_or_create(recruiter=new, name=person)
        link.save()
    audit_record(
        actor=actor,
        action="directory.recruiter_split",
        target=source,
        detail={"new_id": new.pk, "names": len(names)},
    )
    recruiters_refresh([source.pk, new.pk])
    records_changed()
    return new
