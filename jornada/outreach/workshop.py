"""A rights article printed as a workshop guide: what a promoter needs to give a talk with it.

The guide is made from the article as the library publishes it (``jornada.rights.selectors``), so
it never says anything the article does not: the key points are the article's summary and the
first sentence under each of its headings; the questions for participants come from the
headings (a heading that is already a question is asked as it is); the participant handout is
the article itself, with its address, to print once per participant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from jornada.rights.selectors import ArticlePage, Entry, article_page_or_404, library_index

_SENTENCE = re.compile(r"^(.+?[.!?])(\s|$)")
_MARKUP = re.compile(r"\*\*|__|\*|_|`|\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class KeyPoint:
    heading: str
    sentence: str


@dataclass(frozen=True)
class WorkshopGuide:
    page: ArticlePage
    key_points: list[KeyPoint]
    questions: list[str]


def _plain(text: str) -> str:
    """Return a line of Markdown as plain text (links keep their words)."""
    return _MARKUP.sub(lambda match: match.group(1) or "", text).strip()


def _sections(markdown: str) -> list[tuple[str, str]]:
    """Return each ``## heading`` of the article with the first sentence written under it."""
    sections: list[tuple[str, str]] = []
    heading = ""
    for raw in markdown.splitlines():
        line = raw.strip()
        if line.startswith("## "):
            heading = _plain(line[3:])
            sections.append((heading, ""))
        elif heading and line and not sections[-1][1] and not line.startswith("#"):
            text = _plain(line.lstrip("-*0123456789. "))
            found = _SENTENCE.match(text)
            sections[-1] = (heading, found.group(1) if found else text)
    return sections


def _question(heading: str) -> str:
    if heading.endswith("?"):
        return heading
    return _("What do you understand by “%(point)s”? Has it happened to someone you know (no names)?") % {
        "point": heading
    }


def workshop_guide_or_404(*, slug: str, language: str) -> WorkshopGuide:
    """Return the workshop guide of the published article ``slug`` in ``language``, or raise 404."""
    page = article_page_or_404(slug=slug, language=language)
    sections = _sections(page.translation.body_markdown)
    questions = [_question(heading) for heading, _sentence in sections]
    questions += [
        _("Who would you call, or where would you go, if this happened to you?"),
        _("What will you tell a co-worker about this talk?"),
    ]
    return WorkshopGuide(
        page=page,
        key_points=[KeyPoint(heading, sentence) for heading, sentence in sections],
        questions=questions,
    )


def workshop_articles(*, language: str) -> list[Entry]:
    """Return every published article a guide can be printed from, in the library's order."""
    return [entry for group in library_index(language=language) for entry in group.entries]
