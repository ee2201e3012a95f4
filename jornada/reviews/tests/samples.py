"""Examples of the reviews app's parameterised pages, for the tests that walk every URL."""

from typing import Any

from jornada.core.testing import page_sample, staff_sample
from jornada.reviews.models import EmployerClaim, TakedownRequest
from jornada.reviews.tests.factories import (
    ClaimFactory,
    EmployerFactory,
    RecruiterFactory,
    ReplyFactory,
    ReviewFactory,
    published_reviews,
)


@page_sample("reviews:employer_reviews")
def employer_with_reviews() -> dict[str, Any]:
    employer = EmployerFactory()
    published_reviews(employer, 3)
    return {"slug": employer.slug}


@page_sample("reviews:recruiter_reviews")
def recruiter_with_reviews() -> dict[str, Any]:
    recruiter = RecruiterFactory()
    published_reviews(recruiter, 3)
    return {"slug": recruiter.slug}


@page_sample("reviews:claim")
def employer_to_claim() -> dict[str, Any]:
    return {"slug": EmployerFactory().slug}


# Moderation pages are shared (reviews belong to no organisation): checked by role.
@staff_sample("reviews:moderation_review")
def waiting_review(orgs: Any) -> dict[str, Any]:
    return {"pk": ReviewFactory().pk}


@staff_sample("reviews:moderation_reply")
def waiting_reply(orgs: Any) -> dict[str, Any]:
    return {"pk": ReplyFactory().pk}


@staff_sample("reviews:moderation_takedown")
def pending_takedown(orgs: Any) -> dict[str, Any]:
    reply = ReplyFactory()
    takedown = TakedownRequest.objects.create(
        review=reply.review,
        claim=reply.claim,
        reason=TakedownRequest.Reason.UNTRUE,
        explanation="No es cierto.",
    )
    return {"pk": takedown.pk}


@staff_sample("reviews:moderation_claim")
def pending_claim(orgs: Any) -> dict[str, Any]:
    return {"pk": ClaimFactory().pk}


# Employer pages belong to the holder of a verified claim: alice holds one here, bob none.
def _claimed_review(orgs: Any) -> dict[str, Any]:
    employer = EmployerFactory()
    reviews = published_reviews(employer, 3)
    ClaimFactory(employer=employer, user=orgs.alice, state=EmployerClaim.State.VERIFIED)
    return {"pk": reviews[0].pk}


staff_sample("reviews:employer_reply")(_claimed_review)
staff_sample("reviews:employer_takedown")(_claimed_review)
