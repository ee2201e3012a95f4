"""Staff's page of channel health: counts only, never a number or a message."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from jornada.core.access import staff_required
from jornada.messaging.health import channel_health


@staff_required()
@never_cache
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    return render(request, "messaging/staff/health.html", {"health": channel_health()})
