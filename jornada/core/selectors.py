"""Reads for the core app: views ask here, never build querysets themselves."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

from jornada.core.access import organisations_of
from jornada.core.models import AuditEvent, Membership, Organisation, Role, User

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
    user: User, *, organisation: Organisation | None = None, action: str = ""
) -> QuerySet[AuditEvent]:
    """Return the audit events ``user`` may read: those of organisations they supervise or run."""
    events = AuditEvent.objects.filter(
        organisation__in=organisations_of(user, *AUDIT_READERS)
    ).select_related("actor", "organisation")
    if organisation is not None:
        events = events.filter(organisation=organisation)
    if action:
        events = events.filter(action=action)
    return events


def audit_readable_organisations(user: User) -> QuerySet[Organisation]:
    return organisations_of(user, *AUDIT_READERS)
