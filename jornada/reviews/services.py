"""Every write about reviews, employer claims, replies and takedown requests.

A worker's own actions (submit, edit, withdraw) are not audited: an audit event keeps its day
and the review's identifier, which together would date the review more finely than the month. Every staff and employer action is audited, without any worker text in the detail.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jornada.contributions.models import Status
from jornada.contributions.receipts import new_receipt_code, receipt_hash
from jornada.contributions.services import (
    contribution_by_receipt,
    contribution_withdraw,
    moderation_audit,
    public_change,
)
from jornada.contributions.text import check_length
from jornada.core.audit import audit_record
from jornada.core.models import Membership, User, normalise_email
from jornada.directory.models import Employer, Recruiter
from jornada.reviews.models import (
    MAX_TEXT,
    EmployerClaim,
    EmployerReply,
    Review,
    TakedownRequest,
)
from jornada.reviews.questions import CONTENT_FIELDS
from jornada.reviews.selectors import visible_reviews
from jornada.reviews.tasks import send_claim_verified


@dataclass(frozen=True)
class Submitted:
    review: Review
    receipt_code: str  # shown to the worker once; only its hash is stored


def _apply(
    review: Review,
    *,
    subject_kind: str,
    employer: Employer | None,
    recruiter: Recruiter | None,
    subject_name: str,
    answers: Mapping[str, Any],
) -> None:
    unknown = set(answers) - set(CONTENT_FIELDS)
    if unknown:
        raise ValueError(f"not review content: {sorted(unknown)}")
    review.subject_kind = subject_kind
    review.employer = employer
    review.recruiter = recruiter
    # The typed name is kept only while no directory record is chosen: less free text to leak.
    review.subject_name = subject_name.strip() if employer is None and recruiter is None else ""
    for name in CONTENT_FIELDS:
        value = answers.get(name)
        if value is None and name not in ("fees_amount", "season_year") and not name.startswith("rating_"):
            value = ""
        setattr(review, name, value)
    check_length(review.text, limit=MAX_TEXT)
    review.full_clean()


@transaction.atomic
def review_submit(
    *,
    subject_kind: str,
    employer: Employer | None = None,
    recruiter: Recruiter | None = None,
    subject_name: str = "",
    answers: Mapping[str, Any],
) -> Submitted:
    """Store a new review, waiting for moderation, and return it with its one-time receipt code."""
    code = new_receipt_code()
    review = Review(receipt_hash=receipt_hash(code))
    _apply(
        review,
        subject_kind=subject_kind,
        employer=employer,
        recruiter=recruiter,
        subject_name=subject_name,
        answers=answers,
    )
    review.save(force_insert=True)
    return Submitted(review, code)


def review_by_receipt(receipt_code: str) -> Review | None:
    """Return the review behind a receipt code, or None (a wrong code reveals nothing)."""
    return contribution_by_receipt(Review.objects.select_related("employer", "recruiter"), receipt_code)


@transaction.atomic
def review_update(
    *,
    receipt_code: str,
    subject_kind: str,
    employer: Employer | None = None,
    recruiter: Recruiter | None = None,
    subject_name: str = "",
    answers: Mapping[str, Any],
) -> Review | None:
    """Replace a review's answers by its author; it waits for moderation again. None: wrong code."""
    review = contribution_by_receipt(Review.objects.select_for_update(), receipt_code)
    if review is None:
        return None
    if review.status == Status.WITHDRAWN:
        raise ValidationError(_("This review was withdrawn and cannot be changed."), code="withdrawn")
    shown = review.public_subjects() if review.is_public() else []
    _apply(
        review,
        subject_kind=subject_kind,
        employer=employer,
        recruiter=recruiter,
        subject_name=subject_name,
        answers=answers,
    )
    review.status = Status.RECEIVED
    review.reject_reason = ""
    review.is_redacted = False
    review.save()
    if shown:  # a published review goes back to moderation: its profile no longer shows it
        public_change(review, before=shown)
    return review


def review_withdraw(*, receipt_code: str) -> Review | None:
    """Withdraw a review by its author for good; None for a wrong code."""
    return contribution_withdraw(queryset=Review.objects.all(), receipt_code=receipt_code)


@transaction.atomic
def review_opened(*, review: Review, moderator: User) -> None:
    """Reading a review in moderation is recorded, like every staff read of a sensitive record."""
    moderation_audit(
        moderator=moderator,
        action="reviews.review_opened",
        target=review,
    )


@transaction.atomic
def review_queue_viewed(*, moderator: User, page: int, shown: int) -> None:
    """Reading the moderation queue (what waits, and about whom) is recorded too."""
    moderation_audit(
        moderator=moderator, action="reviews.queue_viewed", detail={"page": page, "shown": shown}
    )


@transaction.atomic
def reply_opened(*, reply: EmployerReply, moderator: User) -> None:
    """A reply waiting for moderation is opened beside the review it answers: recorded."""
    moderation_audit(moderator=moderator, action="reviews.reply_opened", target=reply)


@transaction.atomic
def takedown_opened(*, takedown: TakedownRequest, moderator: User) -> None:
    """A takedown request is opened beside the review it is about: recorded."""
    moderation_audit(moderator=moderator, action="reviews.takedown_opened", target=takedown)


@transaction.atomic
def review_link_subject(
    *, review: Review, moderator: User, subject_kind: str, subject: Employer | Recruiter
) -> Review:
    """Link a waiting review to the directory record the worker meant."""
    locked = Review.objects.select_for_update().get(pk=review.pk)
    if locked.status != Status.RECEIVED:
        raise ValidationError(_("Only a review waiting for moderation can be linked."), code="not_waiting")
    locked.subject_kind = subject_kind
    locked.employer = subject if isinstance(subject, Employer) else None
    locked.recruiter = subject if isinstance(subject, Recruiter) else None
    locked.subject_name = ""
    locked.full_clean()
    locked.save()
    moderation_audit(
        moderator=moderator,
        action="reviews.review_linked",
        target=locked,
        detail={"kind": subject_kind, "subject_id": subject.pk},
    )
    return locked


# --- Employer claims ---------------------------------------------------------------------------


@transaction.atomic
def claim_request(
    *, employer: Employer, contact_name: str, contact_email: str, contact_role: str, message: str
) -> EmployerClaim:
    """Record a person's request to speak for ``employer``; staff verify it before anything else."""
    claim = EmployerClaim(
        employer=employer,
        contact_name=contact_name.strip(),
        contact_email=normalise_email(contact_email),
        contact_role=contact_role.strip(),
        message=message,
    )
    claim.full_clean()
    claim.save()
    return claim


@transaction.atomic
def claim_opened(*, claim: EmployerClaim, moderator: User) -> None:
    """A claim holds a person's contact details: reading it is recorded."""
    moderation_audit(
        moderator=moderator,
        action="reviews.claim_opened",
        target=claim,
    )


def _pending_claim(claim: EmployerClaim) -> EmployerClaim:
    locked = EmployerClaim.objects.select_for_update().get(pk=claim.pk)
    if locked.state != EmployerClaim.State.PENDING:
        raise ValidationError(_("This claim was already decided."), code="already_decided")
    return locked


@transaction.atomic
def claim_verify(
    *, claim: EmployerClaim, moderator: User, evidence: str, note: str, base_url: str
) -> EmployerClaim:
    """Let the claimant speak for the employer; they get an account (no organisation) by e-mail."""
    locked = _pending_claim(claim)
    if evidence not in EmployerClaim.Evidence.values:
        raise ValidationError(_("Say how you verified it."), code="evidence_required")
    user = User.objects.filter(email=locked.contact_email).first()
    if user is not None and Membership.objects.filter(user=user).exists():
        raise ValidationError(
            _(
                "This e-mail address belongs to a member of an organisation, who cannot also "
                "speak for an employer."
            ),
            code="staff_member",
        )
    if user is not None and user.moderates():
        raise ValidationError(
            _("This e-mail address belongs to a moderator, who cannot also speak for an employer."),
            code="moderator",
        )
    new_account = user is None
    if user is None:
        user = User.objects.create_user(email=locked.contact_email, name=locked.contact_name)
    locked.user = user
    locked.state = EmployerClaim.State.VERIFIED
    locked.evidence = evidence
    locked.staff_note = note
    locked.decided_by = moderator
    locked.decided_at = timezone.now()
    locked.full_clean()
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError:
        raise ValidationError(
            _("This person already speaks for this employer."), code="already_verified"
        ) from None
    moderation_audit(
        moderator=moderator,
        action="reviews.claim_verified",
        target=locked,
        detail={"evidence": evidence, "new_account": new_account},
    )
    send_claim_verified.enqueue(
        claim_id=locked.pk, base_url=base_url, language=get_language() or "es", new_account=new_account
    )
    return locked


def _claim_decide(
    locked: EmployerClaim, *, state: str, moderator: User, note: str, action: str
) -> EmployerClaim:
    """Record a moderator's decision on a locked claim, and audit it."""
    locked.state = state
    locked.staff_note = note
    locked.decided_by = moderator
    locked.decided_at = timezone.now()
    locked.full_clean()
    locked.save()
    moderation_audit(moderator=moderator, action=action, target=locked)
    return locked


@transaction.atomic
def claim_refuse(*, claim: EmployerClaim, moderator: User, note: str) -> EmployerClaim:
    return _claim_decide(
        _pending_claim(claim),
        state=EmployerClaim.State.REFUSED,
        moderator=moderator,
        note=note,
        action="reviews.claim_refused",
    )


@transaction.atomic
def claim_revoke(*, claim: EmployerClaim, moderator: User, note: str) -> EmployerClaim:
    """Stop a verified representative from speaking for the employer (they left, say)."""
    locked = EmployerClaim.objects.select_for_update().get(pk=claim.pk)
    if locked.state != EmployerClaim.State.VERIFIED:
        raise ValidationError(_("Only a verified claim can be revoked."), code="not_verified")
    return _claim_decide(
        locked,
        state=EmployerClaim.State.REVOKED,
        moderator=moderator,
        note=note,
        action="reviews.claim_revoked",
    )


def _check_speaks_for(claim: EmployerClaim, review: Review, author: User) -> None:
    if not claim.is_verified() or claim.user_id != author.pk or claim.employer_id != review.employer_id:
        raise ValidationError(_("You do not speak for the employer of this review."), code="not_claimed")
    if review.employer is None or not visible_reviews(review.employer).filter(pk=review.pk).exists():
        raise ValidationError(_("Only a published review can be answered."), code="not_published")


# --- Replies and takedown requests --------------------------------------------------------------


@transaction.atomic
def reply_write(*, claim: EmployerClaim, review: Review, author: User, text: str) -> EmployerReply:
    """Write (or rewrite) the employer's one reply to a review; it waits for moderation."""
    _check_speaks_for(claim, review, author)
    reply = EmployerReply.objects.select_for_update().filter(review=review).first()
    if reply is None:
        reply = EmployerReply(review=review, claim=claim)
    was_public = reply.is_public()
    reply.claim = claim
    reply.text = text
    reply.status = Status.RECEIVED
    reply.reject_reason = ""
    reply.is_redacted = False
    reply.updated_at = timezone.now()
    check_length(text, limit=EmployerReply._meta.get_field("text").max_length or 0)
    reply.full_clean()
    reply.save()
    if was_public:  # the published reply is withdrawn from the profile until moderated again
        public_change(reply)
    audit_record(
        actor=author, action="reviews.reply_written", target=reply, detail={"employer_id": claim.employer_id}
    )
    return reply


@transaction.atomic
def takedown_request(
    *, claim: EmployerClaim, review: Review, author: User, reason: str, explanation: str
) -> TakedownRequest:
    """Record an employer's request to remove a review; it is decided and counted, never automatic."""
    _check_speaks_for(claim, review, author)
    request = TakedownRequest(review=review, claim=claim, reason=reason, explanation=explanation)
    request.full_clean()
    request.save()
    audit_record(
        actor=author,
        action="reviews.takedown_requested",
        target=request,
        detail={"reason": reason, "employer_id": claim.employer_id},
    )
    return request


@transaction.atomic
def takedown_decide(*, takedown: TakedownRequest, moderator: User, outcome: str) -> TakedownRequest:
    """Close a takedown request: the review stays, redacted or not. Reviews are never removed."""
    locked = TakedownRequest.objects.select_for_update().select_related("review").get(pk=takedown.pk)
    if locked.outcome != TakedownRequest.Outcome.PENDING:
        raise ValidationError(_("This request was already decided."), code="already_decided")
    if outcome not in (TakedownRequest.Outcome.KEPT, TakedownRequest.Outcome.REDACTED):
        raise ValidationError(_("Choose an outcome."), code="invalid_outcome")
    if outcome == TakedownRequest.Outcome.REDACTED and not locked.review.is_redacted:
        raise ValidationError(
            _("Remove the personal details from the review first, then record this outcome."),
            code="not_redacted",
        )
    locked.outcome = outcome
    locked.decided_by = moderator
    locked.decided_at = timezone.now()
    locked.full_clean()
    locked.save()
    moderation_audit(
        moderator=moderator,
        action="reviews.takedown_decided",
        target=locked,
        detail={"outcome": outcome},
    )
    return locked
