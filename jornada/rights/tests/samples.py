"""Examples of the rights app's parameterised pages, for the tests that walk every URL."""

from typing import Any

from jornada.core.testing import page_sample
from jornada.rights import services
from jornada.rights.tests.factories import TEXT, make_article


@page_sample("rights:topic")
def topic_with_an_article() -> dict[str, Any]:
    return {"topic": make_article(slug="muestra-tema").topic}


@page_sample("rights:article")
def published_article() -> dict[str, Any]:
    return {"slug": make_article(slug="muestra-articulo").slug}


@page_sample("rights:article_in")
def article_in_kiche() -> dict[str, Any]:
    article = make_article(slug="muestra-kiche")
    title, summary, body = TEXT["quc"]
    services.translation_save(
        article=article,
        language="quc",
        language_name="K'iche'",
        actor=None,
        title=title,
        summary=summary,
        body_markdown=body,
        generate_audio=False,
    )
    return {"slug": article.slug, "language": "quc"}
