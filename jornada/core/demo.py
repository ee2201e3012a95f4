"""The project's own demo data: clearly fictional, generated here, never real people."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from jornada.core.audit import audit_record
from jornada.core.models import Membership, ModerationGrant, Organisation, Role, User

DEMO_ORGANISATION_SLUG = "centro-ficticio"
DEMO_EMAIL = "demo@example.org"  # example.org is reserved for documentation: no real inbox


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    totp_key_hex: str
    totp_uri: str


@transaction.atomic
def demo_staff_create() -> DemoLogin:
    """Create (or refresh) the fictional organisation and its staff user; return the login.

    The password is new on every run, so it is only ever known from the latest output.
    """
    organisation, _ = Organisation.objects.update_or_create(
        slug=DEMO_ORGANISATION_SLUG,
        defaults={
            "name": "Centro de Trabajadores Ficticio (demo)",
            "kind": Organisation.Kind.WORKER_CENTRE,
            "country": "MX",
            "is_fictional": True,
        },
    )
    user = User.objects.filter(email=DEMO_EMAIL).first()
    if user is None:
        user = User.objects.create_user(email=DEMO_EMAIL, name="Ana Demo (ficticia)")
    password = secrets.token_urlsafe(12)
    user.set_password(password)
    user.is_active = True
    user.save()
    for role in Role.values:
        Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    # The demo account moderates too. On a real server only a site administrator grants this
    # (``moderation_grant``); here no administrator exists, so the grant names none.
    if not ModerationGrant.objects.filter(user=user, revoked_at__isnull=True).exists():
        grant = ModerationGrant.objects.create(user=user, granted_by=None)
        audit_record(actor=None, action="moderation.granted", target=grant, detail={"demo": True})
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="demo authenticator", confirmed=True)
    return DemoLogin(DEMO_EMAIL, password, device.key, device.config_url)
