"""The events calendar with JavaScript off: find an event, reserve a place (a count), ask for a
reminder; axe-core checks the calendar, an event's page and the reminder form."""

from __future__ import annotations

import re

from conftest import Server
from playwright.sync_api import Browser, Page, expect

WORKSHOP = "Taller semanal: conoce tus derechos (ficticio)"


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


def _workshop_url(page: Page, server: Server) -> str:
    page.goto(server.url + "/es/eventos/?state=US-WA")
    page.get_by_role("link", name=WORKSHOP).first.click()
    return page.url


def test_it_finds_an_event_and_reserves_a_place_with_javascript_off(no_js_page: Page, server: Server) -> None:
    """Filter the calendar by state, open the event, reserve a place (the count goes up), ask for a reminder."""
    page = no_js_page
    page.goto(server.url + "/es/eventos/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Eventos para trabajadores")
    page.get_by_label("Estado").select_option("US-WA")
    page.get_by_role("button", name="Ver eventos").click()
    page.get_by_role("link", name=WORKSHOP).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(WORKSHOP)
    expect(page.locator('a[href="tel:+19195550100"]')).to_be_visible()
    expect(page.get_by_text("Código del evento:")).to_be_visible()
    page.get_by_role("button", name="Apartar un lugar").click()
    expect(page.get_by_text("Tu lugar está apartado.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d+ lugar(es)? apartados? hasta ahora"))).to_be_visible()
    page.get_by_role("link", name="Recuérdamelo un día antes (SMS o correo)").click()
    page.get_by_label("Correo electrónico", exact=True).check()
    page.get_by_label("Tu correo electrónico o tu número de celular").fill("recordatorio-e2e@example.org")
    page.get_by_role("button", name="Recuérdamelo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Falta un paso")


def test_its_calendar_and_event_pages_have_no_serious_accessibility_problem(
    browser: Browser, server: Server, axe_source: str
) -> None:
    """The calendar (all, filtered, empty, near a place, a place not found), an event's page, its reminder
    form and reservation page, and the workshop guides pass axe-core."""
    context = browser.new_context(bypass_csp=True)  # injecting axe needs an inline script
    page = context.new_page()
    event = _workshop_url(page, server).split("/es/", 1)[1]
    problems: list[str] = []
    for language in ("es", "en"):
        for path in (
            "eventos/",
            "eventos/?state=US-WA",
            "eventos/?state=US-AK&kind=health_fair",
            "eventos/?near=Yakima&distance=50",
            "eventos/?near=Lugar+que+no+existe",
            "talleres/",
            "talleres/cobros-de-reclutamiento/",
            event,
        ):
            page.goto(f"{server.url}/{language}/{path}")
            problems += _axe(page, axe_source)
        for suffix in ("recordatorio/", "reservar/"):
            page.goto(f"{server.url}/{language}/{event.split('?')[0]}{suffix}")
            problems += _axe(page, axe_source)
    context.close()
    assert problems == []
