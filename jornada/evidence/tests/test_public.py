"""Everything public (pages, CSV, XLSX, API) shows only protected numbers, with charts readers can check."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

import hxl
import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from jornada.evidence.publication import publication_current

SMALL = set(range(1, 11))


class _Numbers(HTMLParser):
    """Collect the text of table cells and SVG texts, and each SVG's title."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self.titles: list[str] = []
        self.svg_texts: list[list[str]] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)
        if tag == "svg":
            self.svg_texts.append([])

    def handle_endtag(self, tag: str) -> None:
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self.stack:
            return
        if self.stack[-1] in ("td", "th"):
            self.cells.append(data.strip())
        elif self.stack[-1] == "title" and "svg" in self.stack:
            self.titles.append(data.strip())
        elif self.stack[-1] == "text" and "svg" in self.stack:
            self.svg_texts[-1].append(data.strip())


def _public_urls() -> list[str]:
    publication = publication_current()
    urls = [reverse("evidence:index"), reverse("evidence:methodology")]
    for table in publication.tables.values():
        urls.append(reverse("evidence:source", args=[table.source]))
        urls.append(reverse("evidence:figure", args=[table.source, table.kind]))
    return sorted(set(urls))


def _downloads(extension: str) -> list[str]:
    return [
        reverse("evidence:download", args=[t.source, t.kind, extension])
        for t in publication_current().tables.values()
    ]


def test_it_shows_no_count_from_one_to_ten_on_any_page(mixed: None, client: Client) -> None:
    """No table cell or chart label of any evidence page is a number from 1 to 10 (the data has many)."""
    for url in _public_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        parser = _Numbers()
        parser.feed(response.content.decode())
        numbers = [
            int(text)
            for text in [*parser.cells, *(t for texts in parser.svg_texts for t in texts)]
            if text.isdigit()
        ]
        assert not SMALL & set(numbers), url


def test_it_exports_no_count_from_one_to_ten_as_csv_xlsx_or_json(mixed: None, client: Client) -> None:
    """The Count column of every CSV and XLSX, and every count of the API, is empty, zero or 11 and more."""
    for url in _downloads("csv"):
        lines = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
        column = lines[1].index("#affected+num")
        assert not SMALL & {int(line[column]) for line in lines[2:] if line[column]}, url
    for url in _downloads("xlsx"):
        sheet = load_workbook(io.BytesIO(client.get(url).content)).active
        values = list(sheet.values)
        column = values[1].index("#affected+num")
        assert not SMALL & {v[column] for v in values[2:] if v[column] is not None}, url
    index = client.get("/api/v1/evidence/").json()
    assert index["tables"]
    for entry in index["tables"]:
        body = client.get(entry["url"]).json()
        assert not SMALL & {cell["count"] for cell in body["cells"]}, entry["url"]
        assert body["records"] not in SMALL


def test_it_gives_every_chart_a_title_and_a_table_with_the_same_numbers(mixed: None, client: Client) -> None:
    """Each SVG has a <title>, and its bar labels are the totals column of the table beside it, in order."""
    for table in publication_current().tables.values():
        html = client.get(reverse("evidence:figure", args=[table.source, table.kind])).content.decode()
        parser = _Numbers()
        parser.feed(html)
        assert len(parser.titles) == 1
        assert parser.titles[0]
        chart_values = parser.svg_texts[0][1::2]  # label, value, label, value …
        rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", html.split("<tbody>")[1].split("</tbody>")[0])
        table_totals = [re.findall(r"<td>(.*?)</td>", row)[-1] for row in rows]
        assert chart_values == table_totals, table.slug


def test_it_tags_every_column_of_every_export_with_valid_hxl(mixed: None, client: Client) -> None:
    """libhxl reads a valid hashtag for every column of every CSV export (the second row)."""
    for url in _downloads("csv"):
        lines = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
        columns = hxl.data(lines).columns
        assert len(columns) == len(lines[0]), url
        assert all(column.tag for column in columns), url
        assert all(hxl.model.Column.parse(tag) is not None for tag in lines[1]), url


@pytest.mark.parametrize(
    ("query", "code_text"),
    [
        ({"year_from": "2025", "year_to": "2024"}, "comes after"),
        ({"year_from": "2024", "year_to": "2090"}, "has not happened yet"),
        ({"year_from": "2001", "year_to": "2024"}, "at most 10 years"),
        ({"category": "no-such-problem"}, "no problem called"),
        ({"place": "US-ZZ"}, "no place"),
    ],
)
def test_it_refuses_bad_input_with_a_translated_error(
    mixed: None, client: Client, query: dict, code_text: str
) -> None:
    """Reversed, future or too long ranges and unknown categories or places get a clear error and no figure."""
    url = reverse("evidence:figure", args=["reviews", "category-year"]).replace("/es/", "/en/")
    response = client.get(url, query)
    assert response.status_code == 400
    body = response.content.decode()
    assert code_text in body
    assert "<svg" not in body


def test_it_refuses_a_cut_finer_than_the_rules(mixed: None, client: Client) -> None:
    """A year range that is neither one year nor all years is refused: it could undo suppression."""
    reviews_url = reverse("evidence:figure", args=["warnings", "category-year"])
    response = client.get(reviews_url, {"year_from": "2016", "year_to": "2025"})
    assert response.status_code == 400
    assert "<svg" not in response.content.decode()


def test_it_narrows_to_one_published_year(mixed: None, client: Client) -> None:
    """One year shows that year's column of the published table, nothing recomputed."""
    response = client.get(
        reverse("evidence:figure", args=["reviews", "category-year"]),
        {"year_from": "2025", "year_to": "2025"},
    )
    assert response.status_code == 200
    assert "<svg" in response.content.decode()
