"""Rights articles for tests, made through the services (so they carry history like real ones)."""

from __future__ import annotations

from collections.abc import Sequence

from jornada.rights import services
from jornada.rights.loading import SourceData
from jornada.rights.models import Article, ArticleTranslation, Status, Topic

TEXT = {
    "es": (
        "Nadie te puede cobrar",
        "Con visa H-2A o H-2B, nadie te puede cobrar por el trabajo.",
        "## El trabajo no se compra\n\nTu patrón **no** te puede cobrar. Ni el reclutador.\n\n"
        "## ¿Qué puedes hacer?\n\n- Guarda los recibos.\n- Llama al 1-866-487-9243.\n",
    ),
    "en": (
        "Nobody can charge you",
        "With an H-2A or H-2B visa, nobody can charge you for the job.",
        "## A job is not for sale\n\nYour employer **cannot** charge you. Nor can the recruiter.\n\n"
        "## What you can do\n\n- Keep the receipts.\n- Call 1-866-487-9243.\n",
    ),
    "quc": (
        "Man jun winaq kuk'am ta apwaq chawe",
        "Rech le H-2A chuqa' le H-2B.",
        "## Le chak\n\nMan kuk'am ta apwaq chawe.\n",
    ),
}
SOURCE = SourceData(
    fact_sheet="78",
    title="General Requirements for Employers Participating in the H-2B Program",
    section="15. The employer and its attorney, agents and/or employees must not seek or receive payment",
    url="https://www.dol.gov/agencies/whd/fact-sheets/78-h2b-overview",
)


def make_article(
    *,
    slug: str = "cobro-de-prueba",
    topic: str = Topic.RECRUITMENT,
    programmes: Sequence[str] = ("h2a", "h2b"),
    status: str = Status.PUBLISHED,
    languages: Sequence[str] = ("es", "en"),
    order: int = 1,
) -> Article:
    """Create an article with translations and one source, moved to ``status`` the normal way."""
    article = services.article_create(slug=slug, topic=topic, programmes=programmes, order=order, actor=None)
    for language in languages:
        title, summary, body = TEXT[language]
        services.translation_save(
            article=article,
            language=language,
            actor=None,
            title=title,
            summary=summary,
            body_markdown=body,
            generate_audio=False,
        )
    services.article_sources_set(article=article, actor=None, sources=[SOURCE])
    steps = {
        Status.DRAFT: [],
        Status.IN_REVIEW: [Status.IN_REVIEW],
        Status.PUBLISHED: [Status.IN_REVIEW, Status.PUBLISHED],
    }
    for step in steps[Status(status)]:
        article = set_status(article, step)
    return article


def set_status(article: Article, status: str) -> Article:
    return services.article_update(
        article=article,
        actor=None,
        topic=article.topic,
        programmes=article.programmes,
        order=article.order,
        status=status,
        legal_review_date=article.legal_review_date,
        legal_reviewer=article.legal_reviewer,
    )


def translation(article: Article, language: str) -> ArticleTranslation:
    return ArticleTranslation.objects.get(article=article, language=language)
