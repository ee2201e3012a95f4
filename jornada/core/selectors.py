"""Reads for the core app: views ask here, never build querysets themselves."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet
from django.http import Http404

from jornada.core.access import organisations_of
from jornada.core.models import (
    AuditEvent,
    IntakeSettings,
    Invitation,
    Membership,
    ModerationGrant,
    Organisation,
    Role,
    User,
    normalise_email,
)
from jornada.vocabulary.languages import language_key
from jornada.vocabulary.places import place_covers

AUDIT_READERS = (Role.SUPERVISOR, Role.ORG_ADMIN)


@dataclass
class MemberRoles:
    user: User
    roles: list[str] = field(default_factory=list)

    def role_labels(self) -> list[str]:
        return [str(Role(role).label) for role in self.roles]


@dataclass
class OrganisationRoles:
    organisation: Organisation
    roles: list[str] = field(default_factory=list)

    def is_admin(self) -> bool:
        return Role.ORG_ADMIN in self.roles

    def reads_audit(self) -> bool:
        return any(role in self.roles for role in AUDIT_READERS)

    def works_cases(self) -> bool:
        """Return True when these roles open the organisation's cases (advocates and supervisors)."""
        return Role.ADVOCATE in self.roles or Role.SUPERVISOR in self.roles

    def role_labels(self) -> list[str]:
        return [str(Role(role).label) for role in self.roles]


def _ordered(roles: set[str]) -> list[str]:
    return [role for role in Role.values if role in roles]


def staff_organisations(user: User) -> list[OrganisationRoles]:
    """Return the organisations ``user`` belongs to, each with the user's roles in it."""
    grouped: dict[int, tuple[Organisation, set[str]]] = {}
    for membership in Membership.objects.filter(user=user).select_related("organisation"):
        entry = grouped.setdefault(membership.organisation_id, (membership.organisation, set()))
        entry[1].add(membership.role)
    return sorted(
        (OrganisationRoles(org, _ordered(roles)) for org, roles in grouped.values()),
        key=lambda entry: entry.organisation.name,
    )


def organisation_members(organisation: Organisation) -> list[MemberRoles]:
    """Return every member of ``organisation`` with their roles, by name."""
    grouped: dict[int, tuple[User, set[str]]] = {}
    for membership in Membership.objects.filter(organisation=organisation).select_related("user"):
        entry = grouped.setdefault(membership.user_id, (membership.user, set()))
        entry[1].add(membership.role)
    return sorted(
        (MemberRoles(user, _ordered(roles)) for user, roles in grouped.values()),
        key=lambda member: (member.user.name.casefold(), member.user.pk),
    )


def organisation_member_or_404(organisation: Organisation, user_id: int) -> MemberRoles:
    """Return one member of ``organisation``; a person outside it is a 404."""
    roles = set(
        Membership.objects.filter(organisation=organisation, user_id=user_id).values_list("role", flat=True)
    )
    if not roles:
        raise Http404
    return MemberRoles(User.objects.get(pk=user_id), _ordered(roles))


def audit_events(
    user: User, *, organisation: Organisation | None = None, site: bool = False, action: str = ""
) -> QuerySet[AuditEvent]:
    """Return the audit events ``user`` may read.

    Supervisors and administrators read their organisations' events. Events of no organisation
    (sign-ins, moderation, moderation grants) are read by site administrators only. ``site``
    keeps only those.
    """
    readable = Q(organisation__in=organisations_of(user, *AUDIT_READERS))
    if user.is_superuser:
        readable |= Q(organisation__isnull=True)
    events = AuditEvent.objects.filter(readable).select_related("actor", "organisation")
    if site:
        events = events.filter(organisation__isnull=True)
    elif organisation is not None:
        events = events.filter(organisation=organisation)
    if action:
        events = events.filter(action=action)
    return events


def audit_event_or_404(user: User, pk: int) -> AuditEvent:
    """Return one event ``user`` may read; any other is a 404."""
    event = audit_events(user).filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


def audit_readable_organisations(user: User) -> QuerySet[Organisation]:
    return organisations_of(user, *AUDIT_READERS)


def pending_invitations_for(user: User) -> QuerySet[Invitation]:
    """Return the invitations waiting for ``user``'s answer."""
    return Invitation.objects.waiting().filter(user=user).select_related("organisation", "invited_by")


def pending_invitation_or_404(user: User, pk: int) -> Invitation:
    """Return one invitation waiting for ``user``; anyone else's is a 404."""
    invitation = pending_invitations_for(user).filter(pk=pk).first()
    if invitation is None:
        raise Http404
    return invitation


def organisation_invitations(organisation: Organisation) -> QuerySet[Invitation]:
    """Return the invitations of ``organisation`` still waiting for an answer."""
    return Invitation.objects.filter(
        organisation=organisation, state=Invitation.State.PENDING
    ).select_related("user")


def organisation_invitation_or_404(organisation: Organisation, pk: int) -> Invitation:
    invitation = organisation_invitations(organisation).filter(pk=pk).first()
    if invitation is None:
        raise Http404
    return invitation


def moderation_grants() -> QuerySet[ModerationGrant]:
    """Return every moderation grant, active first, for site administrators."""
    return ModerationGrant.objects.select_related("user", "granted_by", "revoked_by").order_by(
        F("revoked_at").desc(nulls_first=True), "-granted_at", "-pk"
    )


def moderation_grant_or_404(pk: int) -> ModerationGrant:
    grant = moderation_grants().filter(pk=pk).first()
    if grant is None:
        raise Http404
    return grant


def account_by_email(email: str) -> User | None:
    return User.objects.filter(email=normalise_email(email)).first()


def intake_settings_of(organisation: Organisation) -> IntakeSettings:
    """Return the organisation's intake settings; unsaved, taking nothing, if never set."""
    found = IntakeSettings.objects.filter(organisation=organisation).first()
    return found if found is not None else IntakeSettings(organisation=organisation)


def organisations_accepting(
    *,
    place: str | None = None,
    language: str | None = None,
    topic: str | None = None,
    urgent: bool = False,
) -> list[Organisation]:
    """Return the organisations taking a request from ``place``, in ``language``, about ``topic``.

    An argument left out matches any; ``urgent`` keeps only those that take urgent cases. A
    country in an organisation's places covers its states; a language matches by its key
    ("Purépecha" and "purepecha" are one).
    """
    found = (
        Organisation.objects.filter(intake_settings__accepts_intakes=True)
        .select_related("intake_settings")
        .order_by("name", "pk")
    )
    if urgent:
        found = found.filter(intake_settings__takes_urgent=True)
    if topic:
        found = found.filter(intake_settings__topics__code=topic).distinct()
    wanted_language = language_key(language) if language else None
    matching = []
    for organisation in found:
        settings = organisation.intake_settings
        if place and not any(place_covers(accepted, place) for accepted in settings.places):
            continue
        if wanted_language and wanted_language not in settings.languages:
            continue
        matching.append(organisation)
    return matching
