"""The staff API of referrals (``/api/v1/staff/referrals``): the list, one referral, accept, decline.

Every operation needs a staff session with its second factor (``staff_session``). A referral is
seen by the organisation that sent it and the one that received it, nobody else (404). The
receiver's view carries only the fields the sender chose, read through the audited selector;
the sender's carries none. Referral ids are 63-bit numbers, given as strings.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema, Status

from jornada.cases.selectors import CASE_ROLES
from jornada.core.access import organisations_of
from jornada.core.api_auth import staff_session
from jornada.core.api_errors import ErrorsOut, NotFoundOut, responses
from jornada.referrals import selectors, services
from jornada.referrals.models import Referral
from jornada.referrals.services import MAX_TEXT

router = Router(tags=["staff: referrals"], auth=staff_session)
API_LIMIT = 200
StateName = Literal["sent", "accepted", "declined", "in_progress", "done", "revoked"]


class ReferralFilters(Schema):
    box: Literal["received", "sent"] = Field("received", description="Referrals received, or sent")
    organisation: str = Field("", max_length=80, description="Only this organisation's (its short name)")
    state: StateName | None = Field(None, description="Only referrals in this state")


class ReferralOut(Schema):
    id: str
    kind: Literal["jornada", "letter"]
    sender: str
    receiver: str | None = Field(None, description="Short name of the receiving organisation in Jornada")
    partner: str = Field("", description="Name of a partner outside Jornada (referral by letter)")
    topic: str | None
    fields: list[str] = Field(description="What the sender chose to share")
    state: StateName
    sent_at: datetime
    answered_at: datetime | None
    done_at: datetime | None
    outcome: str


class ReferralPartyOut(Schema):
    role: str
    name: str


class ReferralNoteOut(Schema):
    created_at: datetime
    text: str


class ReferralSharedOut(Schema):
    worker_name: str | None = None
    contact: str | None = None
    contact_channel: str | None = None
    may_leave_message: bool | None = None
    safe_times: str | None = None
    narrative: str | None = None
    categories: list[str] | None = None
    parties: list[ReferralPartyOut] | None = None
    notes: list[ReferralNoteOut] | None = None


class ReferralDetailOut(ReferralOut):
    side: Literal["sender", "receiver"]
    shared: ReferralSharedOut | None = Field(
        None, description="The shared fields, for the receiver only, until the sender revokes"
    )
    decline_reason: str = ""
    feedback: str = ""


class ReferralAcceptIn(Schema):
    open_case: bool = Field(False, description="Open a case of the receiver's from the shared fields")


class ReferralDeclineIn(Schema):
    reason: str = Field(..., min_length=1, max_length=MAX_TEXT)


def _user(request: HttpRequest) -> Any:
    return request.user


def _out(referral: Referral) -> dict[str, Any]:
    return {
        "id": str(referral.pk),
        "kind": referral.kind,
        "sender": referral.sender.slug,
        "receiver": referral.receiver.slug if referral.receiver else None,
        "partner": referral.partner_name,
        "topic": referral.topic.code if referral.topic else None,
        "fields": list(referral.fields),
        "state": referral.state,
        "sent_at": referral.sent_at,
        "answered_at": referral.answered_at,
        "done_at": referral.done_at,
        "outcome": referral.outcome,
    }


def _errors(error: ValidationError) -> dict[str, list[dict[str, str]]]:
    items = error.error_dict.items() if hasattr(error, "error_dict") else [("__all__", error.error_list)]
    return {
        field: [
            {"code": str(item.code or "invalid"), "message": str(item.message % (item.params or {}))}
            for item in errors
        ]
        for field, errors in items
    }


@router.get("", response=responses(list[ReferralOut], not_found=True), summary="Referrals received or sent")
def referral_list(request: HttpRequest, filters: Query[ReferralFilters]) -> list[dict[str, Any]]:
    """The newest referrals received by (or sent from) the caller's organisations; nothing sealed is read.

    Naming an ``organisation`` the caller does not work cases in is a 404.
    """
    user = _user(request)
    if (
        filters.organisation
        and not organisations_of(user, *CASE_ROLES).filter(slug=filters.organisation).exists()
    ):
        raise Http404
    pick = selectors.referrals_received if filters.box == "received" else selectors.referrals_sent
    found = pick(user=user, organisation=filters.organisation)
    if filters.state:
        found = found.filter(state=filters.state)
    return [_out(referral) for referral in found[:API_LIMIT]]


def _detail(request: HttpRequest, referral_id: int) -> dict[str, Any]:
    user = _user(request)
    language = (get_language() or "es").split("-")[0]
    if selectors.referrals_received(user=user).filter(pk=referral_id).exists():
        referral, shared = selectors.referral_shared_read(
            user=user, referral_id=referral_id, language=language
        )
        answers = (
            selectors.referral_answers_read(user=user, referral=referral, side="receiver")
            if shared is not None
            else selectors.ReferralAnswers()
        )
        shared_out = None
        if shared is not None:
            shared_out = {
                **{
                    name: getattr(shared, name)
                    for name in (
                        "worker_name",
                        "contact",
                        "contact_channel",
                        "may_leave_message",
                        "safe_times",
                        "narrative",
                    )
                },
                "categories": [code for code, _label in shared.categories]
                if shared.categories is not None
                else None,
                "parties": [{"role": role, "name": name} for role, name in shared.parties]
                if shared.parties is not None
                else None,
                "notes": [{"created_at": at, "text": text} for at, text in shared.notes]
                if shared.notes is not None
                else None,
            }
        return {**_out(referral), "side": "receiver", "shared": shared_out, **answers.__dict__}
    referral = selectors.referral_sent_get(user=user, referral_id=referral_id)
    answers = selectors.referral_answers_read(user=user, referral=referral, side="sender")
    return {**_out(referral), "side": "sender", "shared": None, **answers.__dict__}


@router.get(
    "/{referral_id}",
    response=responses(ReferralDetailOut, not_found=True),
    summary="One referral; the receiver sees the shared fields",
)
def referral_detail(request: HttpRequest, referral_id: int) -> dict[str, Any]:
    """One referral. The receiver gets the fields the sender chose (the read is audited); the sender none."""
    return _detail(request, referral_id)


@router.post(
    "/{referral_id}/accept",
    response={200: ReferralDetailOut, 404: NotFoundOut, 422: ErrorsOut},
    summary="Accept a referral received",
)
def referral_accept(
    request: HttpRequest, referral_id: int, payload: ReferralAcceptIn
) -> Status[dict[str, Any]]:
    """Accept a referral your organisation received, optionally opening your own case from it."""
    referral = selectors.referral_received_get(user=_user(request), referral_id=referral_id)
    try:
        services.referral_accept(actor=_user(request), referral=referral, open_case=payload.open_case)
    except ValidationError as error:
        return Status(422, {"errors": _errors(error)})
    return Status(200, _detail(request, referral_id))


@router.post(
    "/{referral_id}/decline",
    response={200: ReferralDetailOut, 404: NotFoundOut, 422: ErrorsOut},
    summary="Decline a referral received, with a reason",
)
def referral_decline(
    request: HttpRequest, referral_id: int, payload: ReferralDeclineIn
) -> Status[dict[str, Any]]:
    """Decline a referral your organisation received; the sender reads the reason."""
    referral = selectors.referral_received_get(user=_user(request), referral_id=referral_id)
    try:
        services.referral_decline(actor=_user(request), referral=referral, reason=payload.reason)
    except ValidationError as error:
        return Status(422, {"errors": _errors(error)})
    return Status(200, _detail(request, referral_id))
