"""Every write about staff, organisations and memberships; each one transactional and audited."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jornada.core.audit import audit_record
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
from jornada.core.tasks import send_invitation, send_password_reset

BACKUP_CODE_COUNT = 10


def _clean_roles(roles: Iterable[str]) -> set[str]:
    wanted = set(roles)
    unknown = wanted - set(Role.values)
    if unknown:
        raise ValidationError(
            _("Unknown role: %(role)s."), code="unknown_role", params={"role": sorted(unknown)[0]}
        )
    return wanted


# Other apps say why an account may not join an organisation or moderate (the reviews app: it
# speaks for an employer). Registered from their AppConfig.ready, so core imports none of them.
MembershipBar = Callable[[User], ValidationError | None]
_membership_bars: list[MembershipBar] = []


def register_membership_bar(bar: MembershipBar) -> None:
    """Add a check that refuses membership (and moderation) to some accounts."""
    if bar not in _membership_bars:
        _membership_bars.append(bar)


def check_may_join(user: User) -> None:
    """Raise the first registered reason why ``user`` may not join an organisation or moderate."""
    for bar in _membership_bars:
        if (error := bar(user)) is not None:
            raise error


@transaction.atomic
def membership_invite(
    *,
    organisation: Organisation,
    invited_by: User,
    email: str,
    name: str,
    roles: Iterable[str],
    base_url: str,
) -> Invitation:
    """Offer a person roles in an organisation, creating their account if needed.

    Nothing is granted yet: the person accepts or declines after signing in with their second
    factor. A new account has no usable password; an e-mail with a link to set one (or to sign
    in) is sent by a background task once this transaction commits.
    """
    wanted = _clean_roles(roles)
    if not wanted:
        raise ValidationError(_("Choose at least one role."), code="no_roles")
    email = normalise_email(email)
    user = User.objects.filter(email=email).first()
    created = user is None
    if user is None:
        user = User.objects.create_user(email=email, name=name.strip())
    else:
        check_may_join(user)
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError(
            _("This person is already a member; change their roles on their page instead."),
            code="already_member",
        )
    if Invitation.objects.filter(
        user=user, organisation=organisation, state=Invitation.State.PENDING
    ).exists():
        raise ValidationError(
            _("This person is already invited and has not answered yet."), code="already_invited"
        )
    invitation = Invitation(organisation=organisation, user=user, roles=sorted(wanted), invited_by=invited_by)
    invitation.full_clean()
    invitation.save()
    audit_record(
        actor=invited_by,
        organisation=organisation,
        action="membership.invited",
        target=user,
        detail={"roles": sorted(wanted), "new_account": created, "invitation": invitation.pk},
    )
    send_invitation.enqueue(
        user_id=user.pk,
        organisation_id=organisation.pk,
        base_url=base_url,
        language=get_language() or "es",
        new_account=created,
    )
    return invitation


def _pending_invitation(invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    if not locked.is_pending():
        raise ValidationError(_("This invitation was already answered or withdrawn."), code="not_pending")
    return locked


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Invitation:
    """Join the organisation with the roles offered; only the invitee can, and only while it waits."""
    locked = _pending_invitation(invitation)
    if locked.user_id != user.pk:
        raise PermissionDenied
    check_may_join(user)
    wanted = _clean_roles(locked.roles)
    current = set(
        Membership.objects.filter(user=user, organisation=locked.organisation).values_list("role", flat=True)
    )
    for role in sorted(wanted - current):
        Membership.objects.create(user=user, organisation=locked.organisation, role=role)
    locked.state = Invitation.State.ACCEPTED
    locked.decided_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["state", "decided_at"])
    audit_record(
        actor=user,
        organisation=locked.organisation,
        action="membership.accepted",
        target=user,
        detail={"roles": sorted(wanted), "invitation": locked.pk},
    )
    return locked


@transaction.atomic
def invitation_decline(*, invitation: Invitation, user: User) -> Invitation:
    """Refuse an invitation; nothing of the organisation is opened to the invitee."""
    locked = _pending_invitation(invitation)
    if locked.user_id != user.pk:
        raise PermissionDenied
    locked.state = Invitation.State.DECLINED
    locked.decided_at = timezone.now()
    locked.save(update_fields=["state", "decided_at"])
    audit_record(
        actor=user,
        organisation=locked.organisation,
        action="membership.declined",
        target=user,
        detail={"invitation": locked.pk},
    )
    return locked


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, withdrawn_by: User) -> Invitation:
    """Take back an invitation that has not been answered (sent to the wrong person, say)."""
    locked = _pending_invitation(invitation)
    locked.state = Invitation.State.WITHDRAWN
    locked.decided_at = timezone.now()
    locked.save(update_fields=["state", "decided_at"])
    audit_record(
        actor=withdrawn_by,
        organisation=locked.organisation,
        action="membership.invitation_withdrawn",
        target=locked.user,
        detail={"invitation": locked.pk},
    )
    return locked


# --- Moderation: a site-level grant, given and taken back by site administrators only ----------


def _check_site_admin(user: User) -> None:
    if not (user.is_active and user.is_superuser):
        raise PermissionDenied


@transaction.atomic
def moderation_grant(*, user: User, granted_by: User) -> ModerationGrant:
    """Let ``user`` moderate public contributions; only a site administrator can."""
    _check_site_admin(granted_by)
    # Lock the account row so two administrators granting at once make one grant, not two.
    locked = User.objects.select_for_update().get(pk=user.pk)
    if not locked.is_active:
        raise ValidationError(_("This account is deactivated."), code="inactive")
    if ModerationGrant.objects.filter(user=locked, revoked_at__isnull=True).exists():
        raise ValidationError(_("This person already moderates."), code="already_moderator")
    check_may_join(locked)
    grant = ModerationGrant(user=locked, granted_by=granted_by)
    grant.full_clean()
    grant.save()
    audit_record(actor=granted_by, action="moderation.granted", target=grant, detail={"user_id": locked.pk})
    return grant


@transaction.atomic
def moderation_revoke(*, grant: ModerationGrant, revoked_by: User) -> ModerationGrant:
    """Stop a moderator at once; the grant is kept, so past audit events still name it."""
    _check_site_admin(revoked_by)
    locked = ModerationGrant.objects.select_for_update().get(pk=grant.pk)
    if not locked.is_active():
        raise ValidationError(_("This grant was already revoked."), code="already_revoked")
    locked.revoked_by = revoked_by
    locked.revoked_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["revoked_by", "revoked_at"])
    audit_record(
        actor=revoked_by, action="moderation.revoked", target=locked, detail={"user_id": locked.user_id}
    )
    return locked


def _admins_left(organisation: Organisation, without: User) -> int:
    return (
        Membership.objects.filter(organisation=organisation, role=Role.ORG_ADMIN)
        .exclude(user=without)
        .count()
    )


@transaction.atomic
def membership_set_roles(
    *, organisation: Organisation, member: User, roles: Iterable[str], changed_by: User
) -> None:
    """Replace a member's roles in one organisation; an organisation always keeps an admin."""
    wanted = _clean_roles(roles)
    if not wanted:
        raise ValidationError(_("Choose at least one role, or remove the member instead."), code="no_roles")
    # Lock the organisation's admin rows so two admins cannot demote each other at once.
    list(Membership.objects.select_for_update().filter(organisation=organisation, role=Role.ORG_ADMIN))
    current = set(
        Membership.objects.filter(user=member, organisation=organisation).values_list("role", flat=True)
    )
    if not current:
        raise ValidationError(_("This person is not a member."), code="not_member")
    if Role.ORG_ADMIN in current and Role.ORG_ADMIN not in wanted and not _admins_left(organisation, member):
        raise ValidationError(
            _("An organisation needs at least one administrator; appoint another one first."),
            code="last_admin",
        )
    added, removed = wanted - current, current - wanted
    if not added and not removed:
        return
    Membership.objects.filter(user=member, organisation=organisation, role__in=removed).delete()
    for role in sorted(added):
        Membership.objects.create(user=member, organisation=organisation, role=role)
    audit_record(
        actor=changed_by,
        organisation=organisation,
        action="membership.roles_changed",
        target=member,
        detail={"added": sorted(added), "removed": sorted(removed)},
    )


@transaction.atomic
def membership_remove(*, organisation: Organisation, member: User, removed_by: User) -> None:
    """Take every role in ``organisation`` away from ``member``; the account itself remains."""
    list(Membership.objects.select_for_update().filter(organisation=organisation, role=Role.ORG_ADMIN))
    roles = set(
        Membership.objects.filter(user=member, organisation=organisation).values_list("role", flat=True)
    )
    if not roles:
        raise ValidationError(_("This person is not a member."), code="not_member")
    if Role.ORG_ADMIN in roles and not _admins_left(organisation, member):
        raise ValidationError(
            _("An organisation needs at least one administrator; appoint another one first."),
            code="last_admin",
        )
    Membership.objects.filter(user=member, organisation=organisation).delete()
    audit_record(
        actor=removed_by,
        organisation=organisation,
        action="membership.removed",
        target=member,
        detail={"roles": sorted(roles)},
    )


def totp_device_pending(*, user: User) -> TOTPDevice:
    """Return the user's unconfirmed authenticator device, creating one if there is none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm a new authenticator with a code from it; return fresh backup codes, or None."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    codes = [secrets.token_hex(4) for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    audit_record(actor=user, action="staff.totp_enrolled", target=user)
    return codes


# --- Signing in: each step that matters leaves a trace in the audit log ------------------------


@transaction.atomic
def staff_login_failed(*, email: str) -> None:
    """Record a wrong password against the account it was meant for, if that account exists."""
    user = User.objects.filter(email=normalise_email(email)).first()
    if user is not None:
        audit_record(actor=user, action="staff.login_failed", target=user)


@transaction.atomic
def staff_code_failed(*, user: User) -> None:
    audit_record(actor=user, action="staff.totp_failed", target=user)


@transaction.atomic
def staff_login_succeeded(*, user: User) -> None:
    audit_record(actor=user, action="staff.login", target=user)


@transaction.atomic
def staff_logged_out(*, user: User) -> None:
    audit_record(actor=user, action="staff.logout", target=user)


@transaction.atomic
def staff_password_set(*, user: User) -> None:
    audit_record(actor=user, action="staff.password_set", target=user)


@transaction.atomic
def staff_password_reset_request(*, email: str, base_url: str) -> None:
    """Send a reset link if ``email`` belongs to an active account; do nothing otherwise."""
    user = User.objects.filter(email=normalise_email(email), is_active=True).first()
    if user is not None:
        send_password_reset.enqueue(user_id=user.pk, base_url=base_url, language=get_language() or "es")


@transaction.atomic
def audit_event_viewed(*, user: User, event: AuditEvent) -> None:
    """Reading the audit log is itself recorded."""
    audit_record(actor=user, organisation=event.organisation, action="audit.viewed", target=event)
