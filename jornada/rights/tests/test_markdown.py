"""Article Markdown cannot carry HTML or script into a page."""

from html.parser import HTMLParser

import pytest

from jornada.rights.markdown import ALLOWED_TAGS, fold, link_allowed, render_markdown

ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript&colon;alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox)",
    "<javascript:alert(1)>",
    "![x](https://tracker.example/pixel.png)",
    '![x](x" onerror="alert(1))',
    '[x](https://ok.example "title" onmouseover=alert(1))',
    "<svg onload=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<!-- <script>alert(1)</script> -->",
    "```\n<script>alert(1)</script>\n```",
    "[x](//evil.example/path)",
]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("source", ATTACKS)
def test_it_renders_attacks_inert(source: str) -> None:
    """Only the article tags come out; links have only href and rel; no href runs script."""
    parser = _Tags()
    parser.feed(render_markdown(source))
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, (source, tag)
        assert set(attrs) <= ({"href", "rel"} if tag == "a" else set()), (source, tag, attrs)
        if tag == "a":
            assert link_allowed(attrs["href"] or ""), (source, attrs)
    html = render_markdown(source).lower()
    assert "<script" not in html
    assert "<img" not in html


def test_it_keeps_the_markdown_an_article_uses() -> None:
    """Headings, lists, emphasis and allowed links render as HTML."""
    html = render_markdown(
        "## Title\n\n- **one** and _two_\n\n[DOL](https://www.dol.gov) [call](tel:18664879243) "
        "[write](mailto:help@example.org) [other article](/es/derechos/vivienda/)"
    )
    assert "<h2>Title</h2>" in html
    assert "<li><strong>one</strong> and <em>two</em></li>" in html
    assert 'href="https://www.dol.gov"' in html
    assert 'href="tel:18664879243"' in html
    assert 'href="mailto:help@example.org"' in html
    assert 'href="/es/derechos/vivienda/"' in html
    assert 'rel="noopener noreferrer"' in html


def test_it_turns_a_top_heading_into_a_section_heading() -> None:
    """The page title is the only h1: '# x' in the text becomes an h2."""
    assert render_markdown("# Big") == "<h2>Big</h2>\n"


def test_it_escapes_text_that_looks_like_html() -> None:
    """Raw HTML shows as text for the reader, escaped."""
    assert render_markdown("a <b>b</b>") == "<p>a &lt;b&gt;b&lt;/b&gt;</p>\n"


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://x.example", True),
        ("http://x.example", True),
        ("mailto:a@b.example", True),
        ("tel:+1 866", True),
        ("/es/derechos/", True),
        ("//x.example", False),
        ("/\\x.example", False),
        ("javascript:alert(1)", False),
        ("data:,x", False),
        ("ftp://x.example", False),
        ("relative/path", False),
    ],
)
def test_it_allows_only_web_mail_phone_and_site_links(url: str, allowed: bool) -> None:
    """Links may use http, https, mailto, tel, or a path on this site."""
    assert link_allowed(url) is allowed


def test_it_folds_case_and_accents_for_search() -> None:
    """Folding lower-cases and removes accents and punctuation."""
    assert fold("¿Prohíbe el PAGO? Camión, pingüino") == "prohibe el pago camion pinguino"
