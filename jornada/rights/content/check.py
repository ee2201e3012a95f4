"""Check the know-your-rights articles before they are loaded or published.

Run from the repository root::

    python -m jornada.rights.content.check [--sources DIR]

For every folder in ``jornada/rights/content/articles/`` it checks:

* the layout: exactly ``meta.toml``, ``es.md`` and ``en.md``;
* ``meta.toml``: the keys and their types, an ASCII kebab-case ``slug`` equal
  to the folder name, ``order`` 1..14 with no gaps or repeats, one article per
  ``topic``, ``programmes`` from ``h2a``/``h2b``, at least one source, each
  source citing a known fact sheet by its exact English title, with a
  ``section`` and either an empty ``url`` or an official
  ``https://www.dol.gov/agencies/whd/fact-sheets/...`` address;
* each ``.md``: TOML front matter between ``+++`` lines with only ``title``
  and a one-sentence ``summary``; a Markdown body of 250-450 words with no
  HTML, images, tables or top-level ``#`` heading, ending with the section
  "¿Qué puedes hacer?" (es) or "What you can do" (en); every programme of the
  article named in the body; no phone number outside the verified list;
* each Spanish body scores at least 70 (grade-6 or easier) on
  :func:`jornada.rights.readability.fernandez_huerta`.

If the DOL fact sheets are available as Markdown (by default in
``../shared/data/rights`` next to the repository; ``--sources`` or the
``JORNADA_RIGHTS_SOURCES`` variable override it), every cited ``section`` must
also open a line of the cited sheet (a heading, a bold label or a numbered
item), so that citations point at text that is really there.

It prints one line per Spanish article with its score and grade, and exits
with status 1 if anything failed.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jornada.rights.readability import fernandez_huerta, grade_label, text_stats

ARTICLES_DIR = Path(__file__).resolve().parent / "articles"
REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_SOURCES_DIR = REPO_ROOT.parent / "shared" / "data" / "rights"

ARTICLE_COUNT = 14
MIN_WORDS = 250
MAX_WORDS = 450
MIN_SPANISH_SCORE = 70.0

TOPICS = frozenset(
    {
        "recruitment",
        "contract",
        "wages",
        "hours",
        "travel",
        "housing",
        "meals",
        "transport",
        "health-safety",
        "deductions",
        "documents",
        "retaliation",
        "injury",
        "trafficking",
    }
)
PROGRAMMES = ("h2a", "h2b")
PROGRAMME_NAMES = {"h2a": "H-2A", "h2b": "H-2B"}

# English titles of the DOL Wage and Hour fact sheets the articles may cite,
# exactly as each sheet's heading gives them.
FACT_SHEETS: dict[str, str] = {
    "26": "Section H-2A of the Immigration and Nationality Act (INA)",
    "26A": "Recruitment Requirements under the H-2A Visa Program",
    "26B": ("Disclosure of the Job Order and Notice of Worker Rights under the H-2A Visa Program"),
    "26C": "Records Retention Requirements under the H-2A Program",
    "26D": "Meal Obligations for H-2A Employers",
    "26E": "Job Hours and the Three-Fourths Guarantee under the H-2A Program",
    "26F": "Wage Requirements under the H-2A Visa Program",
    "26G": "H-2A Housing Standards for Rental and Public Accommodations",
    "26H": "H-2A Labor Contractor (H-2ALC) Surety Bonds",
    "35": (
        "Joint Employment and Independent Contractors Under the Migrant and "
        "Seasonal Agricultural Worker Protection Act"
    ),
    "49": "The Migrant and Seasonal Agricultural Worker Protection Act",
    "50": ("Transportation under the Migrant and Seasonal Agricultural Worker Protection Act"),
    "51": "Field Sanitation Standards under the Occupational Safety and Health Act",
    "69": "Requirements to Participate in the H-2B Program",
    "77C": (
        "Prohibiting Retaliation Under the Migrant and Seasonal Agricultural Worker Protection Act (MSPA)"
    ),
    "78": "General Requirements for Employers Participating in the H-2B Program",
    "78A": "Corresponding employment under the H-2B Program",
    "78B": "Recruiting Requirements under the H-2B Program",
    "78C": "Wage Requirements under the H-2B Program",
    "78D": "Deductions and prohibited fees under the H-2B Program",
    "78E": "Job Hours and the Three-Fourths Guarantee under the H-2B Program",
    "78F": (
        "Inbound and Outbound Transportation Expenses, and Visa and Other Related Fees under the H-2B Program"
    ),
    "78G": ("Disclosure of the Job Order and Notice of Worker Rights under the H-2B Program"),
    "78H": "Retaliation Prohibited under the H-2B Temporary Visa Program",
    "78I": "Records Retention Requirements under the H-2B Program",
}

# The only phone numbers (digits only) an article may give: the DOL Wage and
# Hour helpline (printed in every fact sheet), the National Human Trafficking
# Hotline and its text number. 911 is too short to be caught below.
ALLOWED_NUMBERS = frozenset({"18664879243", "18883737888", "233733"})

LAST_HEADING = {"es": "¿Qué puedes hacer?", "en": "What you can do"}

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL_RE = re.compile(r"^https://www\.dol\.gov/agencies/whd/fact-sheets/[A-Za-z0-9-]+$")
HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
PHONE_RE = re.compile(r"\(?\d[\d\s().-]{4,}\d")
HTML_RE = re.compile(r"</?[A-Za-z][^>]*>|<!--")
WORD_RE = re.compile(r"[^\W_]+(?:[-'\u2019][^\W_]+)*")
INLINE_MD_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
SENTENCE_BREAK_RE = re.compile(r"[.!?]\s+\S")
REVIEW_CLAIM_RE = re.compile(
    r"revisad[oa]s? por (un|una) (abogad|experto)|reviewed by (a )?(lawyer|attorney)",
    re.IGNORECASE,
)

META_KEYS = {"slug", "order", "topic", "programmes", "sources"}
SOURCE_KEYS = {"fact_sheet", "title", "section", "url"}
FRONT_MATTER_KEYS = {"title", "summary"}


@dataclass
class Report:
    """Collects failures; an empty report means every check passed."""

    failures: list[str] = field(default_factory=list)

    def fail(self, where: str, message: str) -> None:
        self.failures.append(f"{where}: {message}")


def split_front_matter(text: str) -> tuple[str, str] | None:
    """Split ``+++``-delimited TOML front matter from the Markdown body."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "+++":
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() == "+++":
            return "".join(lines[1:index]), "".join(lines[index + 1 :])
    return None


def count_words(markdown: str) -> int:
    """Words as a reader sees them: "H-2A" and "1-866-487-9243" are one each."""
    words = 0
    for line in markdown.splitlines():
        line = re.sub(r"^\s*(#{1,6}|[-*+]|\d+[.)])\s+", "", line)
        line = INLINE_MD_RE.sub(r"\1", line)
        words += len(WORD_RE.findall(line))
    return words


def normalise(text: str) -> str:
    """Lower-case text without Markdown emphasis or extra spaces."""
    text = text.replace("**", "").replace("__", "").replace("*", "")
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split()).lower()


def load_fact_sheet(sources_dir: Path, sheet: str) -> list[str] | None:
    """Return the normalised lines of a fact sheet's Markdown, if present."""
    matches = sorted(sources_dir.glob(f"fs_{sheet.lower()}_*.md"))
    if not matches:
        return None
    lines = []
    for raw in matches[0].read_text(encoding="utf-8").splitlines():
        line = re.sub(r"^\s*(#{1,6}|[-*+])\s+", "", raw)
        lines.append(normalise(INLINE_MD_RE.sub(r"\1", line)))
    return lines


def check_meta(where: str, meta: dict[str, Any], folder: str, report: Report) -> list[str]:
    """Check meta.toml; return the article's programmes."""
    keys = set(meta)
    if keys != META_KEYS:
        missing = sorted(META_KEYS - keys)
        extra = sorted(keys - META_KEYS)
        report.fail(where, f"keys differ (missing {missing}, unexpected {extra})")
    slug = meta.get("slug")
    if not isinstance(slug, str) or not SLUG_RE.match(slug):
        report.fail(where, f"slug {slug!r} is not ASCII kebab-case")
    elif slug != folder:
        report.fail(where, f"slug {slug!r} differs from its folder {folder!r}")
    order = meta.get("order")
    if not isinstance(order, int) or isinstance(order, bool):
        report.fail(where, "order must be an integer")
    elif not 1 <= order <= ARTICLE_COUNT:
        report.fail(where, f"order {order} is outside 1..{ARTICLE_COUNT}")
    topic = meta.get("topic")
    if topic not in TOPICS:
        report.fail(where, f"topic {topic!r} is not one of {sorted(TOPICS)}")
    programmes = meta.get("programmes")
    valid: list[str] = []
    if (
        not isinstance(programmes, list)
        or not programmes
        or any(p not in PROGRAMMES for p in programmes)
        or len(set(programmes)) != len(programmes)
    ):
        report.fail(where, f"programmes {programmes!r}: a non-empty subset of h2a/h2b")
    else:
        valid = [str(p) for p in programmes]
    sources = meta.get("sources")
    if not isinstance(sources, list) or not sources:
        report.fail(where, "needs at least one [[sources]] table")
        return valid
    for number, source in enumerate(sources, start=1):
        at = f"{where} source {number}"
        if not isinstance(source, dict):
            report.fail(at, "is not a table")
            continue
        if set(source) != SOURCE_KEYS:
            report.fail(at, f"keys must be exactly {sorted(SOURCE_KEYS)}")
        if any(not isinstance(source.get(k), str) for k in SOURCE_KEYS):
            report.fail(at, "every key must be a string")
            continue
        sheet = source["fact_sheet"]
        if sheet not in FACT_SHEETS:
            report.fail(at, f"unknown fact sheet {sheet!r}")
        elif source["title"] != FACT_SHEETS[sheet]:
            report.fail(at, f"title should be {FACT_SHEETS[sheet]!r}")
        if not source["section"].strip():
            report.fail(at, "section is empty")
        url = source["url"]
        if url and not URL_RE.match(url):
            report.fail(at, f"url {url!r} is not an official WHD fact-sheet address")
    return valid


def check_sections(where: str, meta: dict[str, Any], sources_dir: Path, report: Report) -> None:
    """Each cited section must open a line of the cited fact sheet."""
    for number, source in enumerate(meta.get("sources") or [], start=1):
        if not isinstance(source, dict):
            continue
        sheet, section = source.get("fact_sheet"), source.get("section")
        if not isinstance(sheet, str) or not isinstance(section, str):
            continue
        lines = load_fact_sheet(sources_dir, sheet)
        if lines is None:
            report.fail(f"{where} source {number}", f"no file for fact sheet {sheet}")
            continue
        wanted = normalise(section)
        if not any(line.startswith(wanted) for line in lines):
            report.fail(
                f"{where} source {number}",
                f"section {section!r} does not open any line of fact sheet {sheet}",
            )


def check_document(where: str, text: str, language: str, programmes: list[str], report: Report) -> str | None:
    """Check one es.md or en.md; return its body if it could be parsed."""
    parts = split_front_matter(text)
    if parts is None:
        report.fail(where, "missing TOML front matter between +++ lines")
        return None
    front_text, body = parts
    try:
        front = tomllib.loads(front_text)
    except tomllib.TOMLDecodeError as error:
        report.fail(where, f"front matter is not valid TOML: {error}")
        return None
    if set(front) != FRONT_MATTER_KEYS:
        report.fail(where, f"front matter keys must be exactly {sorted(FRONT_MATTER_KEYS)}")
    for key in FRONT_MATTER_KEYS:
        value = front.get(key)
        if not isinstance(value, str) or not value.strip():
            report.fail(where, f"front matter {key} must be a non-empty string")
    summary = front.get("summary")
    if isinstance(summary, str) and (not summary.rstrip().endswith(".") or SENTENCE_BREAK_RE.search(summary)):
        report.fail(where, "summary must be exactly one sentence ending with '.'")

    words = count_words(body)
    if not MIN_WORDS <= words <= MAX_WORDS:
        report.fail(where, f"{words} words; expected {MIN_WORDS}-{MAX_WORDS}")
    if HTML_RE.search(body):
        report.fail(where, "contains HTML")
    if "![" in body:
        report.fail(where, "contains an image")
    if any(line.lstrip().startswith("|") for line in body.splitlines()):
        report.fail(where, "contains a table")
    headings = [
        (len(m.group(1)), m.group(2)) for m in (HEADING_RE.match(line) for line in body.splitlines()) if m
    ]
    if any(level == 1 for level, _ in headings):
        report.fail(where, "uses a top-level # heading (the title is in the front matter)")
    if not headings or headings[-1][1] != LAST_HEADING[language]:
        report.fail(where, f"the last section must be '## {LAST_HEADING[language]}'")
    for programme in programmes:
        if PROGRAMME_NAMES[programme] not in body:
            report.fail(where, f"never names {PROGRAMME_NAMES[programme]}")
    for match in PHONE_RE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) >= 6 and digits not in ALLOWED_NUMBERS:
            report.fail(where, f"unverified phone number {match.group()!r}")
    if REVIEW_CLAIM_RE.search(text):
        report.fail(where, "claims a legal review that has not happened")
    return body


def check_articles(articles_dir: Path, sources_dir: Path | None) -> Report:
    report = Report()
    folders = sorted(p for p in articles_dir.iterdir() if p.is_dir())
    if len(folders) != ARTICLE_COUNT:
        report.fail(str(articles_dir), f"{len(folders)} articles; expected {ARTICLE_COUNT}")
    orders: dict[int, str] = {}
    topics: dict[str, str] = {}
    rows: list[tuple[int, str, float, float]] = []
    for folder in folders:
        name = folder.name
        files = {p.name for p in folder.iterdir()}
        if files != {"meta.toml", "es.md", "en.md"}:
            report.fail(name, f"files {sorted(files)}; expected meta.toml, es.md, en.md")
        try:
            meta = tomllib.loads((folder / "meta.toml").read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            report.fail(f"{name}/meta.toml", f"cannot be read: {error}")
            continue
        programmes = check_meta(f"{name}/meta.toml", meta, name, report)
        if sources_dir is not None:
            check_sections(f"{name}/meta.toml", meta, sources_dir, report)
        order, topic = meta.get("order"), meta.get("topic")
        if isinstance(order, int):
            if order in orders:
                report.fail(name, f"order {order} also used by {orders[order]}")
            orders[order] = name
        if isinstance(topic, str):
            if topic in topics:
                report.fail(name, f"topic {topic!r} also used by {topics[topic]}")
            topics[topic] = name
        bodies: dict[str, str] = {}
        for language in ("es", "en"):
            path = folder / f"{language}.md"
            if not path.is_file():
                report.fail(name, f"missing {language}.md")
                continue
            body = check_document(
                f"{name}/{language}.md",
                path.read_text(encoding="utf-8"),
                language,
                programmes,
                report,
            )
            if body is not None:
                bodies[language] = body
        if "es" in bodies:
            stats = text_stats(bodies["es"])
            if stats.words == 0:
                report.fail(f"{name}/es.md", "has no words to score")
                continue
            score = fernandez_huerta(bodies["es"])
            printed = 206.84 - 0.60 * stats.syllables_per_100_words - 1.02 * stats.sentences_per_100_words
            rows.append((order if isinstance(order, int) else 0, name, score, printed))
            if score < MIN_SPANISH_SCORE:
                report.fail(
                    f"{name}/es.md",
                    f"Fernández-Huerta {score:.1f} is below {MIN_SPANISH_SCORE:.0f}",
                )
    missing_orders = sorted(set(range(1, ARTICLE_COUNT + 1)) - set(orders))
    if missing_orders:
        report.fail(str(articles_dir), f"no article has order {missing_orders}")
    missing_topics = sorted(TOPICS - set(topics))
    if missing_topics:
        report.fail(str(articles_dir), f"no article covers {missing_topics}")

    print(f"{'order':>5}  {'slug':<30} {'score':>6}  {'grade':<10} {'alt*':>6}")
    for order, name, score, printed in sorted(rows):
        grade = grade_label(score)
        print(f"{order:>5}  {name:<30} {score:6.1f}  {grade:<10} {printed:6.1f}")
    print(
        "* alt: the score with F = sentences per 100 words, the commonly printed "
        "form of the formula (informational only; see readability.py)."
    )
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sources",
        type=Path,
        default=None,
        help="folder with the fact sheets as Markdown (fs_26a_*.md, ...)",
    )
    parser.add_argument("--articles", type=Path, default=ARTICLES_DIR)
    args = parser.parse_args(argv)
    chosen = args.sources or os.environ.get("JORNADA_RIGHTS_SOURCES")
    sources_dir: Path | None
    if chosen:
        sources_dir = Path(chosen)
        if not sources_dir.is_dir():
            print(f"error: fact sheet folder {sources_dir} not found", file=sys.stderr)
            return 2
    elif DEFAULT_SOURCES_DIR.is_dir():
        sources_dir = DEFAULT_SOURCES_DIR
    else:
        sources_dir = None
        print(f"note: {DEFAULT_SOURCES_DIR} not found; cited sections not checked")
    report = check_articles(args.articles, sources_dir)
    if report.failures:
        print(f"\n{len(report.failures)} problem(s):", file=sys.stderr)
        for failure in report.failures:
            print(f"  - {failure}", file=sys.stderr)
        return 1
    print("\nAll articles pass.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
