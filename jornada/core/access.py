"""Who may open what: view markers, the staff gate and organisation-scoped fetching.

Every view declares its audience with one of the decorators below; a test walks the URL
configuration and fails on any view that declares none. A record owned by another organisation
is a 404, never a 403 that would confirm it exists.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Literal, TypeVar, cast
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

from jornada.core.models import Membership, ModerationGrant, Organisation, User

Audience = Literal["public", "staff_entry", "staff", "system"]
View = TypeVar("View", bound=Callable[..., HttpResponseBase])
M = TypeVar("M", bound=Model)


def _mark(view: View, audience: Audience, **extra: Any) -> View:
    view.jornada_audience = audience  # type: ignore[attr-defined]
    for name, value in extra.items():
        setattr(view, f"jornada_{name}", value)
    return view


def public_page(view: View) -> View:
    """Mark a worker-facing HTML page: no login, no JavaScript needed, within the page budget."""
    return _mark(view, "public")


def staff_entry(view: View) -> View:
    """Mark a page staff reach before signing in (sign-in steps, password links)."""
    return _mark(view, "staff_entry")


def system_endpoint(view: View) -> View:
    """Mark a machine endpoint (health check, JSON API) that is public but not a page."""
    return _mark(view, "system")


def _sign_in_first(request: HttpRequest) -> HttpResponseBase | None:
    """Return where to send a visitor who is not signed in with a second factor, or None."""
    user: Any = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("core:login"))
    if not user.is_verified():
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('core:verify')}?{query}")
    return None


def _gate(allowed: Callable[[Any], bool], audience: dict[str, Any]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if (elsewhere := _sign_in_first(request)) is not None:
                return elsewhere
            if not allowed(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        marks = {"roles": (), "shared": False, "site_admins": False, "moderation": False, **audience}
        return cast(View, _mark(wrapped, "staff", **marks))

    return decorator


def staff_required(*roles: str, shared: bool = False, site_admins: bool = False) -> Callable[[View], View]:
    """Open the view only to a signed-in staff user with a verified second factor.

    With ``roles``, the user must also hold one of them in at least one organisation (or, with
    ``site_admins=True``, be a site administrator); the view itself still scopes every record it
    fetches to what the user may read. ``shared=True`` declares records that belong to no
    organisation, which any holder of the role may open; the URL-walking tests then check the
    role instead of the 404.
    """

    def allowed(user: Any) -> bool:
        if not roles or Membership.objects.filter(user=user, role__in=roles).exists():
            return True
        return site_admins and bool(user.is_superuser)

    return _gate(allowed, {"roles": roles, "shared": shared, "site_admins": site_admins})


def active_moderation_grant(user: Any) -> ModerationGrant | None:
    """Return the moderation grant ``user`` holds now, or None."""
    if not user.is_authenticated or not user.is_active:
        return None
    return ModerationGrant.objects.active().filter(user=user).first()


def moderation_required(view: View) -> View:
    """Open the view only to a verified user holding an active moderation grant.

    Contributions (reviews, scam reports) belong to no organisation and their unpublished text
    is the most sensitive thing Jornada keeps, so no organisation role opens these pages: only
    the site-level ``ModerationGrant`` that site administrators give and take back.
    """
    return _gate(
        lambda user: active_moderation_grant(user) is not None, {"shared": True, "moderation": True}
    )(view)


def site_admin_required(view: View) -> View:
    """Open the view only to a verified site administrator (``is_superuser``)."""
    return _gate(
        lambda user: bool(user.is_active and user.is_superuser), {"shared": True, "site_admins": True}
    )(view)


def organisations_of(user: User, *roles: str) -> QuerySet[Organisation]:
    """Return the organisations in which ``user`` holds any of ``roles`` (any role if none)."""
    memberships = Membership.objects.filter(user=user).with_role(*roles)
    return Organisation.objects.filter(pk__in=memberships.values("organisation_id"))


def get_organisation_or_404(user: User, slug: str, *roles: str) -> Organisation:
    """Return the organisation ``slug`` if ``user`` holds one of ``roles`` in it; else 404."""
    try:
        return organisations_of(user, *roles).get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404 from None


def get_owned_or_404(user: User, queryset: QuerySet[M], *roles: str, **lookup: Any) -> M:
    """Return one record of ``queryset`` owned by an organisation where ``user`` holds a role.

    The record's model must have an ``organisation`` foreign key. Another organisation's
    record and a missing record are indistinguishable: both are 404.
    """
    owned = queryset.filter(organisation__in=organisations_of(user, *roles))
    try:
        return owned.get(**lookup)
    except ObjectDoesNotExist:
        raise Http404 from None
