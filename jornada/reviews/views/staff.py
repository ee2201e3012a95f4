"""Moderators' pages: the queue, one review, one reply, one takedown request, one employer claim.

Reviews belong to no organisation, so these pages are open to every holder of the site-level
moderation grant, and to nobody else. Every action, and every read, is audited.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from jornada.contributions import redaction
from jornada.contributions.forms import PublishForm, RedactForm, RejectForm
from jornada.contributions.scanner import find_personal_details, scan_fields
from jornada.contributions.services import contribution_publish, contribution_redact, contribution_reject
from jornada.core.access import moderation_required
from jornada.core.site import site_base_url
from jornada.reviews import selectors, services
from jornada.reviews.forms import ClaimDecisionForm, LinkSubjectForm, TakedownDecisionForm
from jornada.reviews.models import EmployerClaim, EmployerReply, SubjectKind, TakedownRequest

QUEUE_PAGE_SIZE = 20
moderators_only = moderation_required


@moderators_only
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    page = Paginator(selectors.waiting_reviews(), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "items": selectors.review_queue(list(page.object_list)),
        "replies": list(selectors.waiting_replies()[:50]),
        "takedowns": list(selectors.pending_takedowns()[:50]),
        "claims": list(selectors.pending_claims()[:50]),
    }
    services.review_queue_viewed(
        moderator=user,
        page=page.number,
        shown=len(context["items"])
        + len(context["replies"])
        + len(context["takedowns"])
        + len(context["claims"]),
    )
    return render(request, "reviews/staff/queue.html", context)


def _review_actions(
    request: HttpRequest, review: Any, user: Any
) -> tuple[Any, Any, Any, Any, Any] | HttpResponse:
    """Handle a moderator's POST on a review; return the forms to show, or a redirect."""
    action = request.POST.get("action") if request.method == "POST" else None
    hits = find_personal_details(review.text)
    publish_form = PublishForm(request.POST if action == "publish" else None, fields=scan_fields(review))
    reject_form = RejectForm(request.POST if action == "reject" else None, auto_id="reject_%s")
    redact_form = RedactForm(
        request.POST if action == "redact" else None, text=review.text, hits=hits, auto_id="redact_%s"
    )
    link_form = LinkSubjectForm(request.POST if action == "link" else None)
    publish_errors: list[str] = []
    try:
        if action == "publish":
            contribution_publish(
                contribution=review, moderator=user, reviewed_hits=publish_form.reviewed_hits()
            )
            messages.success(request, _("The review is published."))
            return redirect("reviews:moderation")
        if action == "reject" and reject_form.is_valid():
            contribution_reject(
                contribution=review, moderator=user, reason=reject_form.cleaned_data["reason"]
            )
            messages.success(
                request, _("The review will not be published. What its author wrote was erased.")
            )
            return redirect("reviews:moderation")
        if action == "redact" and redact_form.is_valid():
            contribution_redact(contribution=review, moderator=user, **redact_form.redaction())
            messages.success(request, _("The details were removed."))
            return redirect("reviews:moderation_review", pk=review.pk)
        if action == "link" and link_form.is_valid():
            kind, subject = link_form.cleaned_data["subject"]
            services.review_link_subject(review=review, moderator=user, subject_kind=kind, subject=subject)
            messages.success(request, _("The review is linked."))
            return redirect("reviews:moderation_review", pk=review.pk)
    except ValidationError as error:
        target = {"reject": reject_form, "redact": redact_form, "link": link_form}.get(action or "")
        if target is not None:
            target.add_error(None, error)
        else:
            publish_errors = error.messages
    return publish_form, reject_form, redact_form, link_form, publish_errors


@moderators_only
@require_http_methods(["GET", "POST"])
def review_detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    user: Any = request.user
    review = selectors.review_for_moderation(pk)
    if review is None:
        raise Http404
    result = _review_actions(request, review, user)
    if isinstance(result, HttpResponse):
        return result
    publish_form, reject_form, redact_form, link_form, publish_errors = result
    if request.method == "GET":
        services.review_opened(review=review, moderator=user)
    link_kind = request.GET.get("kind", review.subject_kind)
    link_query = request.GET.get("q", review.subject_name)[:200]
    return render(
        request,
        "reviews/staff/review.html",
        {
            "review": review,
            "signals": selectors.review_signals(review),
            "publish_form": publish_form,
            "reject_form": reject_form,
            "redact_form": redact_form,
            "link_form": link_form,
            "publish_errors": publish_errors,
            "link_kind": link_kind if link_kind in SubjectKind.values else SubjectKind.EMPLOYER,
            "link_query": link_query,
            "link_matches": selectors.subject_matches(link_kind, link_query) if link_query else [],
            "kinds": SubjectKind.choices,
            "takedowns": review.takedown_requests.select_related("claim__employer"),
        },
    )


@moderators_only
@require_http_methods(["GET", "POST"])
def reply_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    reply = get_object_or_404(EmployerReply.objects.select_related("review", "claim__employer"), pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    hits = find_personal_details(reply.text)
    publish_form = PublishForm(request.POST if action == "publish" else None, fields=scan_fields(reply))
    reject_form = RejectForm(request.POST if action == "reject" else None, auto_id="reject_%s")
    redact_form = RedactForm(
        request.POST if action == "redact" else None, text=reply.text, hits=hits, auto_id="redact_%s"
    )
    errors: list[str] = []
    try:
        if action == "publish":
            contribution_publish(
                contribution=reply, moderator=user, reviewed_hits=publish_form.reviewed_hits()
            )
            messages.success(request, _("The reply is published."))
            return redirect("reviews:moderation")
        if action == "reject" and reject_form.is_valid():
            contribution_reject(contribution=reply, moderator=user, reason=reject_form.cleaned_data["reason"])
            messages.success(request, _("The reply will not be published."))
            return redirect("reviews:moderation")
        if action == "redact" and redact_form.is_valid():
            contribution_redact(contribution=reply, moderator=user, **redact_form.redaction())
            messages.success(request, _("The details were removed."))
            return redirect("reviews:moderation_reply", pk=reply.pk)
    except ValidationError as error:
        errors = error.messages
    if request.method == "GET":
        services.reply_opened(reply=reply, moderator=user)
    return render(
        request,
        "reviews/staff/reply.html",
        {
            "reply": reply,
            "hits": hits,
            "publish_form": publish_form,
            "reject_form": reject_form,
            "redact_form": redact_form,
            "errors": errors,
            "fingerprint": redaction.fingerprint(reply.text),
        },
    )


@moderators_only
@require_http_methods(["GET", "POST"])
def takedown_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    takedown = get_object_or_404(TakedownRequest.objects.select_related("review", "claim__employer"), pk=pk)
    form = TakedownDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.takedown_decide(takedown=takedown, moderator=user, outcome=form.cleaned_data["outcome"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("reviews:moderation")
    if request.method == "GET":
        services.takedown_opened(takedown=takedown, moderator=user)
    return render(request, "reviews/staff/takedown.html", {"takedown": takedown, "form": form})


@moderators_only
@require_http_methods(["GET", "POST"])
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    claim = get_object_or_404(EmployerClaim.objects.select_related("employer", "user"), pk=pk)
    revoking = request.method == "POST" and request.POST.get("action") == "revoke"
    form = ClaimDecisionForm(None if revoking else request.POST or None)
    errors: list[str] = []
    if request.method == "GET":
        services.claim_opened(claim=claim, moderator=user)
    try:
        if revoking:
            services.claim_revoke(claim=claim, moderator=user, note=request.POST.get("note", "")[:1000])
            messages.success(request, _("The claim is revoked."))
            return redirect("reviews:moderation")
        if request.method == "POST" and form.is_valid():
            if form.cleaned_data["decision"] == "verify":
                services.claim_verify(
                    claim=claim,
                    moderator=user,
                    evidence=form.cleaned_data["evidence"],
                    note=form.cleaned_data["note"],
                    base_url=site_base_url(),
                )
                messages.success(request, _("The claim is verified. The representative gets an e-mail."))
            else:
                services.claim_refuse(claim=claim, moderator=user, note=form.cleaned_data["note"])
                messages.success(request, _("The claim is refused."))
            return redirect("reviews:moderation")
    except ValidationError as error:
        errors = error.messages
    return render(
        request,
        "reviews/staff/claim.html",
        {"claim": claim, "form": form, "errors": errors, "check": selectors.claim_check(claim)},
    )
