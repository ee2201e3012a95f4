from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite


class JornadaAdminSite(OTPAdminSite):
    """Admin for site administrators only; the second factor is mandatory here too."""

    site_header = _("Jornada administration")
    site_title = _("Jornada administration")

    def has_permission(self, request: HttpRequest) -> bool:
        user: Any = request.user
        return bool(user.is_active and user.is_superuser and user.is_verified())

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        # One sign-in page for everybody: the staff login, with its throttling and second factor.
        target = reverse("core:login")
        next_url = request.GET.get("next", "")
        if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
            target = f"{target}?{urlencode({'next': next_url})}"
        return redirect(target)
