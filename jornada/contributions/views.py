"""The receipt-code pages every kind of anonymous contribution has: see or change it, withdraw it.

Each app keeps its own URLs, decorators and templates (``<app>/receipt_form.html``,
``<app>/manage.html``, ``<app>/withdraw.html``, ``<app>/withdraw_confirm.html``,
``<app>/withdrawn.html``) and hands these functions how to find and withdraw its contributions.
A wrong code and a right one cost the same tries (``receipt_rule``), and a wrong one says only
that it is wrong.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jornada.contributions.forms import WRONG_CODE, ReceiptCodeForm
from jornada.contributions.limits import receipt_rule
from jornada.contributions.models import AnonymousContribution
from jornada.core.ratelimit import too_many_requests

Find = Callable[[str], AnonymousContribution | None]


def receipt_page(request: HttpRequest, *, app: str, name: str, find: Find) -> HttpResponse:
    """Ask for the receipt code; with the right one, show the contribution (as ``name``) to manage."""
    form = ReceiptCodeForm(request.POST or None)
    if request.method == "POST":
        if not receipt_rule().hit_request(request):
            return too_many_requests(request)
        if form.is_valid():
            code = form.cleaned_data["receipt"]
            if (contribution := find(code)) is not None:
                return render(request, f"{app}/manage.html", {name: contribution, "receipt": code})
            form.add_error("receipt", ValidationError(WRONG_CODE, code="wrong_code"))
    return render(request, f"{app}/receipt_form.html", {"form": form})


def withdraw_page(request: HttpRequest, *, app: str, name: str, find: Find, withdraw: Find) -> HttpResponse:
    """Withdraw a contribution for good with its receipt code, asking once more before doing it."""
    form = ReceiptCodeForm(request.POST or None)
    if request.method == "POST":
        if not receipt_rule().hit_request(request):
            return too_many_requests(request)
        if form.is_valid():
            code = form.cleaned_data["receipt"]
            if request.POST.get("confirm") == "yes":
                if withdraw(code) is not None:
                    return render(request, f"{app}/withdrawn.html")
            elif (contribution := find(code)) is not None:
                return render(request, f"{app}/withdraw_confirm.html", {name: contribution, "receipt": code})
            form.add_error("receipt", ValidationError(WRONG_CODE, code="wrong_code"))
    return render(request, f"{app}/withdraw.html", {"form": form})
