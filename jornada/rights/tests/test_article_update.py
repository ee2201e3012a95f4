"""article_update: status workflow, legal review, history and audit."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from jornada.core.models import AuditEvent
from jornada.rights import services
from jornada.rights.models import ArticleRevision, Status
from jornada.rights.tests.factories import make_article, set_status


def _update(article, actor, **changes):
    values = {
        "topic": article.topic,
        "programmes": article.programmes,
        "order": article.order,
        "status": article.status,
        "legal_review_date": article.legal_review_date,
        "legal_reviewer": article.legal_reviewer,
    }
    values.update(changes)
    return services.article_update(article=article, actor=actor, **values)


@pytest.mark.django_db
def test_it_records_who_changed_what(three_orgs) -> None:
    """A staff edit writes a revision with the actor and status, and an audit event naming the fields."""
    article = make_article(status=Status.DRAFT)
    _update(article, three_orgs.alice, order=7, programmes=["h2a"])
    revision = ArticleRevision.objects.filter(article=article).first()
    assert (revision.actor, revision.reason, revision.status) == (three_orgs.alice, "edited", "draft")
    assert revision.metadata["programmes"] == ["h2a"]
    assert revision.metadata["order"] == 7
    event = AuditEvent.objects.filter(action="rights.article_updated").get()
    assert event.actor == three_orgs.alice
    assert event.detail == {"fields": ["order", "programmes"], "status": "draft"}


@pytest.mark.django_db
def test_it_moves_a_draft_through_review_to_publication(three_orgs) -> None:
    """draft -> in review -> published, each step a 'status' revision and audit event."""
    article = make_article(status=Status.DRAFT)
    article = _update(article, three_orgs.alice, status=Status.IN_REVIEW)
    article = _update(article, three_orgs.alice, status=Status.PUBLISHED)
    assert article.status == Status.PUBLISHED
    reasons = list(
        ArticleRevision.objects.filter(article=article, language="").values_list("reason", "status")
    )
    assert reasons[:2] == [("status", "published"), ("status", "in_review")]
    assert AuditEvent.objects.filter(action="rights.article_status", target_id=str(article.pk)).count() == 2


@pytest.mark.django_db
def test_it_refuses_to_publish_a_draft_without_review(three_orgs) -> None:
    """A draft cannot jump to published."""
    article = make_article(status=Status.DRAFT)
    with pytest.raises(ValidationError) as error:
        _update(article, three_orgs.alice, status=Status.PUBLISHED)
    assert error.value.error_list[0].code == "status_transition"


@pytest.mark.django_db
def test_it_refuses_to_publish_without_every_launch_language(three_orgs) -> None:
    """An article with Spanish only cannot be published."""
    article = make_article(status=Status.IN_REVIEW, languages=["es"])
    with pytest.raises(ValidationError) as error:
        _update(article, three_orgs.alice, status=Status.PUBLISHED)
    assert error.value.error_list[0].code == "launch_languages"
    assert "en" in error.value.messages[0]


@pytest.mark.django_db
def test_it_records_a_legal_review_with_date_and_reviewer(three_orgs) -> None:
    """Both the date and the reviewer are needed, and the date cannot be in the future."""
    article = make_article()
    with pytest.raises(ValidationError):
        _update(article, three_orgs.alice, legal_review_date=dt.date(2026, 1, 5))
    with pytest.raises(ValidationError) as error:
        _update(
            article,
            three_orgs.alice,
            legal_review_date=dt.date.today() + dt.timedelta(days=2),
            legal_reviewer="X",
        )
    assert error.value.error_list[0].code == "review_future"
    article = _update(
        article, three_orgs.alice, legal_review_date=dt.date(2026, 1, 5), legal_reviewer="Lic. Ana Ruiz"
    )
    assert not article.legal_review_pending()


@pytest.mark.django_db
def test_it_writes_nothing_when_nothing_changed(three_orgs) -> None:
    """Saving the same values adds no revision or audit event."""
    article = make_article()
    revisions, events = ArticleRevision.objects.count(), AuditEvent.objects.count()
    _update(article, three_orgs.alice)
    assert (ArticleRevision.objects.count(), AuditEvent.objects.count()) == (revisions, events)


@pytest.mark.django_db
def test_it_unpublishes_back_to_draft(three_orgs) -> None:
    """A published article can be withdrawn to draft."""
    article = set_status(make_article(), Status.DRAFT)
    assert article.status == Status.DRAFT
