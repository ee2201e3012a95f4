"""Every read of the rights library: what workers see, and the links other apps use."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import translation as i18n

from jornada.rights.markdown import fold
from jornada.rights.models import Article, ArticleSource, ArticleTranslation, Status, Topic, launch_languages

# Renewed by every change to an article (services): pages of other apps that link articles
# (kept directory profiles link the fees article) are kept under it.
ARTICLES = "rights.articles"
SEARCH_MAX_TERMS = 8
SEARCH_MIN_TERM = 2
SEARCH_LIMIT = 20
# Weights: a word in the title counts more than in the summary, which counts more than in the text.
TITLE_WEIGHT, SUMMARY_WEIGHT, BODY_WEIGHT = 8, 3, 1
# Words too common to help find an article.
_STOPWORD_TEXT = (
    "el la los las un una unos unas de del al a en y o que por para con sin se me te mi tu su es son "
    "lo le les mas pero como cuando donde si no ya muy hay the an of to in and or for on with is are "
    "it my your do does can what how who when where if not at be by"
)
STOPWORDS = frozenset(fold(word) for word in _STOPWORD_TEXT.split(" "))


@dataclass(frozen=True)
class Entry:
    """An article as a list shows it: its translation in the reader's language and its address."""

    article: Article
    translation: ArticleTranslation
    url: str


@dataclass(frozen=True)
class TopicGroup:
    code: str
    label: str
    url: str
    entries: list[Entry]


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    audio_only: bool


@dataclass(frozen=True)
class ArticlePage:
    article: Article
    translation: ArticleTranslation
    topic: TopicGroup
    sources: list[ArticleSource]
    other_languages: list[LanguageLink]
    pdf_url: str | None
    audio_url: str | None


@dataclass(frozen=True)
class SearchResults:
    query: str
    terms: list[str]
    hits: list[Entry] = field(default_factory=list)


def interface_language() -> str:
    """Return the active interface language, or the default one."""
    language = i18n.get_language() or launch_languages()[0]
    return language if language in launch_languages() else launch_languages()[0]


def article_path(article: Article, language: str) -> str:
    """Return the address of ``article`` in ``language``.

    A site language (es, en) has the article at /<language>/derechos/<slug>/; any other language
    is shown inside the current interface language, at /<interface>/derechos/<slug>/<language>/.
    """
    if language in launch_languages():
        with i18n.override(language):
            return reverse("rights:article", kwargs={"slug": article.slug})
    return reverse("rights:article_in", kwargs={"slug": article.slug, "language": language})


def topic_path(topic: str) -> str:
    return reverse("rights:topic", kwargs={"topic": topic})


def _published() -> QuerySet[Article]:
    return Article.objects.filter(status=Status.PUBLISHED)


def _readable(translations: QuerySet[ArticleTranslation]) -> QuerySet[ArticleTranslation]:
    """Translations a worker can use: text, or a recording for an audio-only one."""
    return translations.filter(Q(is_audio_only=False) | ~Q(audio=""))


def _entries(articles: QuerySet[Article], language: str) -> list[Entry]:
    wanted = ArticleTranslation.objects.filter(language=language, is_audio_only=False)
    entries = []
    for article in articles.prefetch_related(
        Prefetch("translations", queryset=wanted, to_attr="in_language")
    ):
        found = article.in_language
        if found:
            entries.append(Entry(article, found[0], article_path(article, language)))
    return entries


def _topic_label(code: str) -> str:
    return str(Topic(code).label)


def library_index(*, language: str) -> list[TopicGroup]:
    """Return the published articles grouped by topic, topics in their fixed order."""
    entries = _entries(_published(), language)
    groups = []
    for code, label in Topic.choices:
        in_topic = [entry for entry in entries if entry.article.topic == code]
        if in_topic:
            groups.append(TopicGroup(code, str(label), topic_path(code), in_topic))
    return groups


def topic_or_404(*, topic: str, language: str) -> TopicGroup:
    """Return one topic's published articles; 404 for an unknown or empty topic."""
    if topic not in Topic.values:
        raise Http404
    entries = _entries(_published().filter(topic=topic), language)
    if not entries:
        raise Http404
    return TopicGroup(topic, _topic_label(topic), topic_path(topic), entries)


def _published_translation_or_404(slug: str, language: str) -> ArticleTranslation:
    found = (
        _readable(ArticleTranslation.objects.filter(article__slug=slug, language=language))
        .filter(article__status=Status.PUBLISHED)
        .select_related("article")
        .first()
    )
    if found is None:
        raise Http404
    return found


def article_page_or_404(*, slug: str, language: str) -> ArticlePage:
    """Return everything the article page shows; 404 unless published and readable in ``language``."""
    translation = _published_translation_or_404(slug, language)
    article = translation.article
    others = []
    for other in _readable(article.translations.exclude(pk=translation.pk)).order_by("language"):
        others.append(
            LanguageLink(
                code=other.language,
                name=other.display_language_name(),
                url=article_path(article, other.language),
                audio_only=not other.has_text(),
            )
        )
    # The site's languages first (their order in settings), then the others alphabetically.
    order = {code: index for index, code in enumerate(launch_languages())}
    others.sort(key=lambda link: (order.get(link.code, len(order)), link.code))
    return ArticlePage(
        article=article,
        translation=translation,
        topic=TopicGroup(article.topic, _topic_label(article.topic), topic_path(article.topic), []),
        sources=list(article.sources.all()),
        other_languages=others,
        pdf_url=file_path("rights_files:pdf", article, translation.language)
        if translation.has_text()
        else None,
        audio_url=file_path("rights_files:audio", article, translation.language)
        if translation.audio
        else None,
    )


def file_path(name: str, article: Article, language: str) -> str:
    return reverse(name, kwargs={"slug": article.slug, "language": language})


def printable_or_404(*, slug: str, language: str) -> ArticleTranslation:
    """Return a published translation with text, for its printable; else 404."""
    translation = _published_translation_or_404(slug, language)
    if not translation.has_text():
        raise Http404
    return translation


def recording_or_404(*, slug: str, language: str) -> ArticleTranslation:
    """Return a published translation that has a recording; else 404."""
    translation = _published_translation_or_404(slug, language)
    if not translation.audio:
        raise Http404
    return translation


def search_terms(query: str) -> list[str]:
    """Split a query into accent-free words worth looking for (stop words and 1-letter words out)."""
    terms = []
    for word in fold(query).split():
        if len(word) >= SEARCH_MIN_TERM and word not in STOPWORDS and word not in terms:
            terms.append(word)
    return terms[:SEARCH_MAX_TERMS]


def search(*, query: str, language: str) -> SearchResults:
    """Find published articles in ``language`` whose title, summary or text contain the query's words.

    Case and accents do not matter ("prohibe" finds "prohíbe"). Articles matching more words
    come first; among those, a word in the title outweighs one in the summary, then the text.
    """
    query = query.strip()[:200]
    terms = search_terms(query)
    if not terms:
        return SearchResults(query=query, terms=[])
    matching = Q()
    for term in terms:
        matching |= Q(search_text__contains=term)
    candidates = (
        ArticleTranslation.objects.filter(matching, language=language, is_audio_only=False)
        .filter(article__status=Status.PUBLISHED)
        .select_related("article")
    )
    scored = []
    for translation in candidates:
        title, summary = fold(translation.title), fold(translation.summary)
        matched = 0
        score = 0
        for term in terms:
            weight = (
                TITLE_WEIGHT * (term in title)
                + SUMMARY_WEIGHT * (term in summary)
                + BODY_WEIGHT * (term in translation.search_text)
            )
            if weight:
                matched += 1
                score += weight
        if matched:
            scored.append((-matched, -score, translation.article.order, translation))
    scored.sort(key=lambda row: row[:3])
    hits = [
        Entry(row[3].article, row[3], article_path(row[3].article, language)) for row in scored[:SEARCH_LIMIT]
    ]
    return SearchResults(query=query, terms=terms, hits=hits)


def article_entry_for_topic(topic: str, language: str | None = None) -> Entry | None:
    """Return the first published article on ``topic`` with text in ``language`` (default: active)."""
    language = language or interface_language()
    translation = (
        ArticleTranslation.objects.filter(
            article__topic=topic, article__status=Status.PUBLISHED, language=language, is_audio_only=False
        )
        .select_related("article")
        .order_by("article__order", "article__slug")
        .first()
    )
    if translation is None:
        return None
    try:
        return Entry(translation.article, translation, article_path(translation.article, language))
    except NoReverseMatch:
        return None


def article_url_for_topic(topic: str, language: str | None = None) -> str | None:
    """Return the address of the published article on ``topic`` in ``language``, or None.

    For other apps: a profile whose reviews report recruitment fees links to
    ``article_url_for_topic("recruitment")``; ``language`` defaults to the active one.
    """
    entry = article_entry_for_topic(topic, language)
    return entry.url if entry else None
