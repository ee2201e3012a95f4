"""Reading the launch articles from the repository's content files (meta.toml, es.md, en.md)."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

from jornada.rights.content.check import ARTICLES_DIR, split_front_matter


@dataclass(frozen=True)
class SourceData:
    fact_sheet: str
    title: str
    section: str = ""
    url: str = ""


@dataclass(frozen=True)
class TranslationContent:
    language: str
    title: str
    summary: str
    body_markdown: str
    content_hash: str


@dataclass(frozen=True)
class ArticleContent:
    slug: str
    order: int
    topic: str
    programmes: tuple[str, ...]
    sources: tuple[SourceData, ...]
    content_hash: str
    translations: tuple[TranslationContent, ...]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_translation(path: Path) -> TranslationContent:
    """Parse one ``<language>.md`` file: TOML front matter (title, summary), then Markdown."""
    text = path.read_text(encoding="utf-8")
    parts = split_front_matter(text)
    if parts is None:
        raise ValueError(f"{path}: missing +++ front matter")
    front = tomllib.loads(parts[0])
    return TranslationContent(
        language=path.stem,
        title=str(front["title"]).strip(),
        summary=str(front["summary"]).strip(),
        body_markdown=parts[1].strip() + "\n",
        content_hash=_digest(text),
    )


def read_article(folder: Path) -> ArticleContent:
    """Parse one article folder: ``meta.toml`` and one Markdown file per language."""
    meta_text = (folder / "meta.toml").read_text(encoding="utf-8")
    meta = tomllib.loads(meta_text)
    return ArticleContent(
        slug=str(meta["slug"]),
        order=int(meta["order"]),
        topic=str(meta["topic"]),
        programmes=tuple(str(p) for p in meta["programmes"]),
        sources=tuple(
            SourceData(
                fact_sheet=str(s["fact_sheet"]),
                title=str(s["title"]),
                section=str(s.get("section", "")),
                url=str(s.get("url", "")),
            )
            for s in meta["sources"]
        ),
        content_hash=_digest(meta_text),
        translations=tuple(read_translation(path) for path in sorted(folder.glob("*.md"))),
    )


def read_articles(articles_dir: Path = ARTICLES_DIR) -> list[ArticleContent]:
    """Return every article under ``articles_dir``, in library order."""
    folders = sorted(path for path in articles_dir.iterdir() if (path / "meta.toml").is_file())
    return sorted((read_article(folder) for folder in folders), key=lambda article: article.order)
