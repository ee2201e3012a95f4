from __future__ import annotations

import base64
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from jornada.core import selectors, services
from jornada.core.access import (
    active_moderation_grant,
    get_organisation_or_404,
    public_page,
    site_admin_required,
    staff_entry,
    staff_required,
    system_endpoint,
)
from jornada.core.audit import describe
from jornada.core.forms import (
    ROLE_HELP,
    IntakeSettingsForm,
    InviteForm,
    LoginForm,
    ModerationGrantForm,
    PasswordResetRequestForm,
    RolesForm,
    TokenForm,
)
from jornada.core.models import Role, normalise_email
from jornada.core.ratelimit import RateLimit, client_address
from jornada.core.site import site_base_url

AUDIT_PAGE_SIZE = 50
SITE_EVENTS = "-"  # the audit filter's value for events of no organisation (never a slug)


# --- Public pages ------------------------------------------------------------------------------


@public_page
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@public_page
@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@system_endpoint
@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Report whether this app server can reach its database."""
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


# --- Signing in --------------------------------------------------------------------------------


def _login_rules() -> tuple[RateLimit, RateLimit]:
    attempts, window = settings.JORNADA_LOGIN_ATTEMPTS, settings.JORNADA_LOGIN_WINDOW_SECONDS
    # A shared office address may carry several colleagues: the per-client limit is looser.
    return RateLimit("login-account", attempts, window), RateLimit("login-client", attempts * 4, window)


def _account_from_client(email: str, request: HttpRequest) -> str:
    """Return the per-account counter's subject: the account as tried from this client.

    Counting wrong passwords per account alone would let anyone lock a colleague out by typing
    their address from elsewhere; per (account, client), only the client guessing is paused. The
    pair is hashed with the day's key like every other subject, so no address is stored. Guessing
    from many clients is bounded by the per-client counter and, above all, by the second factor.
    """
    return f"{email}\x00{client_address(request)}"


def _second_factor_rule() -> RateLimit:
    return RateLimit("login-code", settings.JORNADA_LOGIN_ATTEMPTS, settings.JORNADA_LOGIN_WINDOW_SECONDS)


def _throttled_error() -> ValidationError:
    minutes = max(1, settings.JORNADA_LOGIN_WINDOW_SECONDS // 60)
    return ValidationError(
        _("Too many failed attempts. Wait %(minutes)d minutes, then try again."),
        code="throttled",
        params={"minutes": minutes},
    )


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _next_url(request: HttpRequest, default: str = "core:staff_home") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, {request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(default)


@staff_entry
@never_cache
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.is_authenticated and user.is_verified():
        return redirect(_next_url(request))
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = normalise_email(form.cleaned_data["email"])
        account_rule, client_rule = _login_rules()
        account_here = _account_from_client(email, request)
        if account_rule.is_exceeded(account_here) or client_rule.is_exceeded(client_address(request)):
            form.add_error(None, _throttled_error())
            status = 429
        else:
            authenticated = authenticate(request, username=email, password=form.cleaned_data["password"])
            if authenticated is None:
                account_rule.hit(account_here)
                client_rule.hit_request(request)
                services.staff_login_failed(email=email)
                form.add_error(
                    None,
                    ValidationError(
                        _("The e-mail address or the password is not right."), code="invalid_login"
                    ),
                )
            else:
                auth_login(request, authenticated)
                return redirect(_with_next("core:verify", _next_url(request)))
    return render(request, "core/staff/login.html", {"form": form, "next": _next_url(request)}, status=status)


@staff_entry
@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Second step of signing in: a code from the authenticator app or a backup code."""
    user: Any = request.user
    if not user.is_authenticated:
        return redirect("core:login")
    if user.is_verified():
        return redirect(_next_url(request))
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect(_with_next("core:setup", _next_url(request)))
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        rule = _second_factor_rule()
        if rule.is_exceeded(str(user.pk)):
            form.add_error(None, _throttled_error())
            status = 429
        else:
            device = match_token(user, form.cleaned_data["token"])
            if device is None:
                rule.hit(str(user.pk))
                services.staff_code_failed(user=user)
                form.add_error(
                    "token",
                    ValidationError(
                        _("That code is not right. Check that your phone's clock is correct."),
                        code="wrong_token",
                    ),
                )
            else:
                otp_login(request, device)
                rule.reset(str(user.pk))
                _login_rules()[0].reset(_account_from_client(user.email, request))
                services.staff_login_succeeded(user=user)
                return redirect(_next_url(request))
    return render(
        request, "core/staff/verify.html", {"form": form, "next": _next_url(request)}, status=status
    )


def _grouped_key(device: TOTPDevice) -> str:
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@staff_entry
@never_cache
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """First sign-in: connect an authenticator app; then show the backup codes once."""
    user: Any = request.user
    if not user.is_authenticated:
        return redirect("core:login")
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect(_with_next("core:verify", _next_url(request)))
    device = services.totp_device_pending(user=user)
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        rule = _second_factor_rule()
        if rule.is_exceeded(str(user.pk)):
            form.add_error(None, _throttled_error())
            status = 429
        else:
            codes = services.totp_device_confirm(user=user, device=device, token=form.cleaned_data["token"])
            if codes is None:
                rule.hit(str(user.pk))
                form.add_error(
                    "token",
                    ValidationError(
                        _("That code is not right. Check that your phone's clock is correct."),
                        code="wrong_token",
                    ),
                )
            else:
                otp_login(request, device)
                services.staff_login_succeeded(user=user)
                return render(
                    request,
                    "core/staff/backup_codes.html",
                    {"codes": codes, "next": _next_url(request)},
                )
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "core/staff/setup.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr": qr.svg_data_uri(scale=4, border=2),
            "key": _grouped_key(device),
        },
        status=status,
    )


@staff_entry
@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.is_authenticated:
        services.staff_logged_out(user=user)
    auth_logout(request)
    return redirect("core:home")


@staff_entry
@never_cache
@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not RateLimit("password-reset", 5, 3600).hit_request(request):
            form.add_error(None, _throttled_error())
            return render(request, "core/staff/password_reset.html", {"form": form}, status=429)
        services.staff_password_reset_request(email=form.cleaned_data["email"], base_url=site_base_url())
        # The same answer whether or not the address has an account: it reveals nothing.
        return render(request, "core/staff/password_reset_sent.html")
    return render(request, "core/staff/password_reset.html", {"form": form})


class PasswordSetView(PasswordResetConfirmView):
    template_name = "core/staff/password_set.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("core:login")
    post_reset_login = False

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        services.staff_password_set(user=form.user)
        messages.success(self.request, _("Your password is set. Sign in with it now."))
        return response


password_set = staff_entry(PasswordSetView.as_view())


# --- Staff pages -------------------------------------------------------------------------------


@staff_required()
@require_GET
def staff_home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(
        request,
        "core/staff/home.html",
        {
            "organisations": selectors.staff_organisations(user),
            "invitations": selectors.pending_invitations_for(user),
            "moderates": active_moderation_grant(user) is not None,
        },
    )


@staff_required()
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, pk: int) -> HttpResponse:
    """The invitee's answer: join with the roles offered, or decline. Nobody else sees it."""
    user: Any = request.user
    found = selectors.pending_invitation_or_404(user, pk)
    errors: list[str] = []
    if request.method == "POST":
        answer = request.POST.get("answer")
        try:
            if answer == "accept":
                services.invitation_accept(invitation=found, user=user)
                messages.success(
                    request,
                    _("You joined %(organisation)s.") % {"organisation": found.organisation.name},
                )
                return redirect("core:staff_home")
            if answer == "decline":
                services.invitation_decline(invitation=found, user=user)
                messages.success(request, _("You declined the invitation."))
                return redirect("core:staff_home")
        except ValidationError as error:
            errors = error.messages
    return render(request, "core/staff/invitation.html", {"invitation": found, "errors": errors})


@staff_required(Role.SUPERVISOR, Role.ORG_ADMIN, site_admins=True)
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    organisations = selectors.audit_readable_organisations(user)
    chosen = request.GET.get("organisation", "")
    site = chosen == SITE_EVENTS and user.is_superuser
    organisation = None if site else organisations.filter(slug=chosen).first()
    action = request.GET.get("action", "")[:64]
    events = selectors.audit_events(user, organisation=organisation, site=site, action=action)
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "core/staff/audit_list.html",
        {
            "page": page,
            "events": [(event, describe(event.action)) for event in page.object_list],
            "organisations": organisations,
            "organisation": organisation,
            "site": site,
            "site_events": SITE_EVENTS if user.is_superuser else "",
            "action": action,
        },
    )


@staff_required(Role.SUPERVISOR, Role.ORG_ADMIN, site_admins=True)
@require_GET
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    event = selectors.audit_event_or_404(user, pk)
    services.audit_event_viewed(user=user, event=event)
    return render(request, "core/staff/audit_detail.html", {"event": event, "label": describe(event.action)})


@site_admin_required
@require_http_methods(["GET", "POST"])
def moderators(request: HttpRequest) -> HttpResponse:
    """Site administrators give and take back the moderation grant; nobody else can."""
    user: Any = request.user
    form = ModerationGrantForm(None if "revoke" in request.POST else request.POST or None)
    revoke_errors: list[str] = []
    if request.method == "POST" and "revoke" in request.POST:
        try:
            grant = selectors.moderation_grant_or_404(int(request.POST["revoke"]))
        except ValueError:
            raise Http404 from None
        try:
            services.moderation_revoke(grant=grant, revoked_by=user)
        except ValidationError as error:
            revoke_errors = error.messages
        else:
            messages.success(request, _("%(name)s no longer moderates.") % {"name": grant.user.name})
            return redirect("core:moderators")
    elif request.method == "POST" and form.is_valid():
        account = selectors.account_by_email(form.cleaned_data["email"])
        if account is None:
            form.add_error(
                "email",
                ValidationError(
                    _("No account has this address. Invite the person to an organisation first."),
                    code="no_account",
                ),
            )
        else:
            try:
                services.moderation_grant(user=account, granted_by=user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(name)s now moderates.") % {"name": account.name})
                return redirect("core:moderators")
    return render(
        request,
        "core/staff/moderators.html",
        {"grants": selectors.moderation_grants(), "form": form, "revoke_errors": revoke_errors},
    )


@staff_required(Role.ORG_ADMIN)
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, slug: str) -> HttpResponse:
    user: Any = request.user
    organisation = get_organisation_or_404(user, slug, Role.ORG_ADMIN)
    withdrawing = request.method == "POST" and "withdraw" in request.POST
    form = InviteForm(None if withdrawing else request.POST or None)
    if withdrawing:
        try:
            pending = selectors.organisation_invitation_or_404(organisation, int(request.POST["withdraw"]))
        except ValueError:
            raise Http404 from None
        try:
            services.invitation_withdraw(invitation=pending, withdrawn_by=user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The invitation was withdrawn."))
            return redirect("core:members", slug=organisation.slug)
    elif request.method == "POST" and form.is_valid():
        try:
            invited = services.membership_invite(
                organisation=organisation,
                invited_by=user,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                roles=form.cleaned_data["roles"],
                base_url=site_base_url(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s was invited. They will receive an e-mail, and join once they accept.")
                % {"name": invited.user.name},
            )
            return redirect("core:members", slug=organisation.slug)
    return render(
        request,
        "core/staff/members.html",
        {
            "organisation": organisation,
            "members": selectors.organisation_members(organisation),
            "invitations": selectors.organisation_invitations(organisation),
            "form": form,
            "role_help": ROLE_HELP,
        },
    )


@staff_required(Role.ORG_ADMIN)
@require_http_methods(["GET", "POST"])
def member_detail(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    user: Any = request.user
    organisation = get_organisation_or_404(user, slug, Role.ORG_ADMIN)
    member = selectors.organisation_member_or_404(organisation, user_id)
    removing = request.method == "POST" and bool(request.POST.get("remove"))
    form = RolesForm(None if removing else request.POST or None, initial={"roles": member.roles})
    remove_errors: list[str] = []
    if request.method == "POST":
        if removing:
            try:
                services.membership_remove(organisation=organisation, member=member.user, removed_by=user)
            except ValidationError as error:
                remove_errors = error.messages
            else:
                messages.success(
                    request, _("%(name)s was removed from the team.") % {"name": member.user.name}
                )
                return redirect("core:members", slug=organisation.slug)
        elif form.is_valid():
            try:
                services.membership_set_roles(
                    organisation=organisation,
                    member=member.user,
                    roles=form.cleaned_data["roles"],
                    changed_by=user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The roles were saved."))
                return redirect("core:member_detail", slug=organisation.slug, user_id=member.user.pk)
    return render(
        request,
        "core/staff/member_detail.html",
        {
            "organisation": organisation,
            "member": member,
            "form": form,
            "remove_errors": remove_errors,
            "role_help": ROLE_HELP,
        },
    )


@staff_required(Role.ORG_ADMIN)
@require_http_methods(["GET", "POST"])
def intake_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's administrators choose which requests for help it takes."""
    user: Any = request.user
    organisation = get_organisation_or_404(user, slug, Role.ORG_ADMIN)
    current = selectors.intake_settings_of(organisation)
    form = IntakeSettingsForm(request.POST or None, initial=IntakeSettingsForm.initial_from(current))
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_intake_update(
                organisation=organisation,
                by=user,
                accepts_intakes=form.cleaned_data["accepts_intakes"],
                places=form.cleaned_data["places"],
                languages=form.chosen_languages(),
                topics=form.cleaned_data["topics"],
                takes_urgent=form.cleaned_data["takes_urgent"],
                office_hours_es=form.cleaned_data["office_hours_es"],
                office_hours_en=form.cleaned_data["office_hours_en"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The requests for help you take were saved."))
            return redirect("core:intake_settings", slug=organisation.slug)
    return render(request, "core/staff/intake_settings.html", {"organisation": organisation, "form": form})


# --- Errors ------------------------------------------------------------------------------------


def error_404(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "core/errors/404.html", status=404)


def error_403(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "core/errors/403.html", status=403)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "core/errors/500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/errors/csrf.html", status=403)
