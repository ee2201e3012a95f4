from functools import cache

import factory
from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from jornada.core.models import Membership, ModerationGrant, Organisation, Role, User

PASSWORD = "correct horse battery staple"


@cache
def _password_hash() -> str:
    return make_password(PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organización {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = Organisation.Kind.WORKER_CENTRE
    country = "MX"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"staff{n}@example.org")
    name = factory.Sequence(lambda n: f"Persona {n}")
    # Hashed once with the real (Argon2) hasher, then reused: hashing per user is slow by design.
    password = factory.LazyFunction(lambda: _password_hash())


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.ADVOCATE


def member(organisation: Organisation, *roles: str, **user_fields: object) -> User:
    """Create a staff user holding ``roles`` in ``organisation``."""
    user = UserFactory(**user_fields)
    for role in roles:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def totp_device(user: User) -> TOTPDevice:
    """Give ``user`` a confirmed authenticator device."""
    return TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def moderator(*, organisation: Organisation | None = None, **user_fields: object) -> User:
    """Create a staff user holding the site-level moderation grant (and, optionally, a membership)."""
    user = UserFactory(**user_fields)
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, role=Role.ADVOCATE)
    grant_moderation(user)
    return user


def grant_moderation(user: User) -> ModerationGrant:
    """Give ``user`` the moderation grant, as a site administrator would."""
    return ModerationGrant.objects.create(user=user, granted_by=None)
