"""Reads for the core app: views ask here, never build querysets themselves."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet
from django.http import Http404

from jornada.core.access import organisations_of
from jornada.core.models import (
    AuditEvent,
    Invitation,
    Membership,
    ModerationGrant,
    Organisation,
    Role,
    User,
    normalise_email,
)

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
    return Invitation.objects.filter(user=user, state=Invitation.State.PENDING).select_related(
        "organisation", "invited_by"
    )


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
