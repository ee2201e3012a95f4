"""A worker finds help near a ZIP code with JavaScript off; axe-core checks the page."""

from __future__ import annotations

from conftest import Server
from playwright.sync_api import Page, expect


def _axe(page: Page, axe_source: str) -> list[str]:
    page.evaluate(axe_source)
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return [
        f"{page.url} {violation['id']}: {[node['target'] for node in violation['nodes']][:3]}"
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_it_finds_help_by_postal_code_with_javascript_off(no_js_page: Page, server: Server) -> None:
    """The search works without JavaScript: a ZIP code lists the nearest organisation with a tel: link."""
    page = no_js_page
    page.goto(server.url + "/es/ayuda/organizaciones/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Encuentra ayuda cerca de ti")
    page.get_by_label("¿Dónde estás?").fill("27601")
    page.get_by_role("button", name="Buscar").click()
    first = page.locator("ol.results > li").first
    expect(first.get_by_role("heading", level=3)).to_contain_text("Centro de Trabajadores del Valle")
    expect(first.locator('a[href="tel:+19195550101"]')).to_be_visible()
    expect(page.get_by_text("Lugar confidencial, llama antes.")).to_be_visible()
    page.get_by_label("¿Dónde estás?").fill("Raleighh")
    page.get_by_role("button", name="Buscar").click()
    expect(page.get_by_text("No encontramos")).to_be_visible()


def test_it_has_no_serious_accessibility_problem(browser, server: Server, axe_source: str) -> None:
    """The empty form, a page of results and an unknown place pass axe-core (serious, critical)."""
    context = browser.new_context(bypass_csp=True)  # injecting axe needs an inline script
    page = context.new_page()
    problems: list[str] = []
    for query in ("", "?place=27601", "?place=Raleighh", "?place=69800&cost=free"):
        for language in ("es", "en"):
            page.goto(f"{server.url}/{language}/ayuda/organizaciones/{query}")
            problems += _axe(page, axe_source)
    context.close()
    assert problems == []
