"""Every write about staff, organisations and memberships; each one transactional and audited."""

from __future__ import annotations

import re
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
    INVITATION_VALID_DAYS,
    MAX_OFFICE_HOURS,
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
from jornada.core.tasks import send_invitation, send_password_reset
from jornada.vocabulary.languages import MAX_LANGUAGE_NAME, is_language_name, language_key
from jornada.vocabulary.models import Category
from jornada.vocabulary.places import PLACE_BY_CODE

BACKUP_CODE_COUNT = 10
MAX_INTAKE_LANGUAGES = 30
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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
    # One left unanswered past its time no longer stands in the way of a new one.
    invitations_expire(organisation=organisation, user=user)
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


@transaction.atomic
def invitations_expire(*, organisation: Organisation | None = None, user: User | None = None) -> int:
    """Mark pending invitations older than INVITATION_VALID_DAYS expired; return how many.

    Run daily by ``jornada prune`` for all; ``membership_invite`` runs it for one person first.
    """
    stale = Invitation.objects.filter(state=Invitation.State.PENDING).exclude(
        pk__in=Invitation.objects.waiting().values("pk")
    )
    if organisation is not None:
        stale = stale.filter(organisation=organisation)
    if user is not None:
        stale = stale.filter(user=user)
    return stale.update(state=Invitation.State.EXPIRED, decided_at=timezone.now())


def _pending_invitation(invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    if locked.state == Invitation.State.PENDING and locked.is_expired():
        raise ValidationError(
            _(
                "This invitation expired %(days)d days after it was sent. Ask the organisation to "
                "invite you again."
            ),
            code="expired",
            params={"days": INVITATION_VALID_DAYS},
        )
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


# --- Requests for help an organisation takes ---------------------------------------------------


def _clean_places(places: Iterable[str]) -> list[str]:
    chosen = sorted(set(places))
    unknown = [code for code in chosen if code not in PLACE_BY_CODE]
    if unknown:
        raise ValidationError(
            {
                "places": ValidationError(
                    _("Unknown place: %(place)s."), code="unknown_place", params={"place": unknown[0]}
                )
            }
        )
    return chosen


def _clean_languages(languages: Iterable[str]) -> list[str]:
    keys: list[str] = []
    for name in languages:
        if not name.strip():
            continue
        if len(name) > MAX_LANGUAGE_NAME or CONTROL_CHARACTERS.search(name):
            raise ValidationError(
                {
                    "languages": ValidationError(
                        _("A language's name has at most %(limit)d letters and no special characters."),
                        code="bad_language",
                        params={"limit": MAX_LANGUAGE_NAME},
                    )
                }
            )
        key = language_key(name)
        if not is_language_name(name):
            raise ValidationError(
                {"languages": ValidationError(_("Write each language with letters."), code="bad_language")}
            )
        if key not in keys:
            keys.append(key)
    if len(keys) > MAX_INTAKE_LANGUAGES:
        raise ValidationError(
            {
                "languages": ValidationError(
                    _("Name at most %(limit)d languages."),
                    code="too_many_languages",
                    params={"limit": MAX_INTAKE_LANGUAGES},
                )
            }
        )
    return keys


def _clean_topics(topics: Iterable[str]) -> list[Category]:
    codes = set(topics)
    found = list(Category.objects.active().filter(code__in=codes))
    unknown = sorted(codes - {category.code for category in found})
    if unknown:
        raise ValidationError(
            {
                "topics": ValidationError(
                    _("Unknown topic: %(topic)s."), code="unknown_topic", params={"topic": unknown[0]}
                )
            }
        )
    return found


def _clean_office_hours(text: str, field: str) -> str:
    text = text.strip().replace("\r\n", "\n")
    if len(text) > MAX_OFFICE_HOURS:
        raise ValidationError(
            {
                field: ValidationError(
                    _("Write the office hours in at most %(limit)d characters (now %(length)d)."),
                    code="too_long",
                    params={"limit": MAX_OFFICE_HOURS, "length": len(text)},
                )
            }
        )
    if CONTROL_CHARACTERS.search(text):
        raise ValidationError(
            {
                field: ValidationError(
                    _("The office hours contain characters that cannot be shown."), code="control_characters"
                )
            }
        )
    return text


@transaction.atomic
def organisation_intake_update(
    *,
    organisation: Organisation,
    by: User | None,
    accepts_intakes: bool,
    places: Iterable[str],
    languages: Iterable[str],
    topics: Iterable[str],
    takes_urgent: bool,
    office_hours_es: str = "",
    office_hours_en: str = "",
) -> IntakeSettings:
    """Set which requests for help ``organisation`` takes; an organisation taking none may leave all empty.

    ``places`` are ISO 3166 codes, ``languages`` names (known or not), ``topics`` category codes.
    """
    chosen_places = _clean_places(places)
    chosen_languages = _clean_languages(languages)
    chosen_topics = _clean_topics(topics)
    hours_es = _clean_office_hours(office_hours_es, "office_hours_es")
    hours_en = _clean_office_hours(office_hours_en, "office_hours_en")
    if accepts_intakes:
        missing = {
            field: ValidationError(message, code="required_to_accept")
            for field, value, message in (
                ("places", chosen_places, _("Choose at least one place to take requests for help.")),
                ("languages", chosen_languages, _("Choose at least one language to take requests for help.")),
                ("topics", chosen_topics, _("Choose at least one topic to take requests for help.")),
            )
            if not value
        }
        if missing:
            raise ValidationError(missing)
    settings, _created = IntakeSettings.objects.select_for_update().get_or_create(organisation=organisation)
    settings.accepts_intakes = accepts_intakes
    settings.places = chosen_places
    settings.languages = chosen_languages
    settings.takes_urgent = takes_urgent
    settings.office_hours_es = hours_es
    settings.office_hours_en = hours_en
    settings.updated_at = timezone.now()
    settings.full_clean()
    settings.save()
    settings.topics.set(chosen_topics)
    audit_record(
        actor=by,
        organisation=organisation,
        action="organisation.intake_updated",
        target=settings,
        detail={
            "accepts_intakes": accepts_intakes,
            "takes_urgent": takes_urgent,
            "places": chosen_places,
            "topics": sorted(category.code for category in chosen_topics),
            "languages": len(chosen_languages),
        },
    )
    return settings
