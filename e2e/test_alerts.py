"""A worker reports a scam with JavaScript off, then another looks the number up."""

from __future__ import annotations

import re

from conftest import Server
from playwright.sync_api import Browser, Page, expect

CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def _axe(page: Page, axe_source: str, problems: list[str]) -> None:
    page.evaluate(axe_source)
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    for violation in result["violations"]:
        if violation["impact"] in ("serious", "critical"):
            problems.append(f"{page.url} {violation['id']}: {[n['target'] for n in violation['nodes']][:3]}")


def test_it_takes_a_scam_report_with_javascript_off(no_js_page: Page, server: Server) -> None:
    """The report form works without JavaScript, refuses bad input per field and gives a receipt code."""
    page = no_js_page
    page.goto(server.url + "/es/")
    page.get_by_role("link", name="Reportar un fraude").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reportar un fraude")
    page.get_by_label("Nombre de su empresa o agencia").fill("Agencia Inventada <b>Prueba</b>")
    page.get_by_label("Número de teléfono").fill("12")
    page.get_by_role("button", name="Enviar mi reporte").click()
    expect(page.get_by_text("Escribe el número completo, con su lada.")).to_be_visible()
    page.get_by_label("Número de teléfono").fill("044 55 5555 0199")
    page.get_by_label("¿Cuánto dinero te pidieron?").fill("9,000")
    page.get_by_role("group", name="Moneda").get_by_label("Pesos mexicanos", exact=True).check()
    page.get_by_role("button", name="Enviar mi reporte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gracias. Recibimos tu reporte.")
    assert CODE.match(page.locator("#receipt-code").inner_text().strip())


def test_it_looks_up_a_number_written_another_way(page: Page, server: Server) -> None:
    """A demo warning's number, typed the old 044 way, is found; the red flags are always there."""
    page.goto(server.url + "/es/alerts/")
    page.get_by_label("Teléfono, nombre o página web").fill("044 55 5555 0101")
    page.get_by_role("button", name="Revisar").click()
    expect(page.get_by_text("Cuidado: 1 aviso publicado coincide.")).to_be_visible()
    expect(page.get_by_role("heading", name="Señales de fraude")).to_be_visible()
    page.get_by_role("link", name="Visas Seguras del Norte (ficticia)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Aviso de fraude")
    expect(page.get_by_text("+52 55 5555 0101")).to_be_visible()


def test_the_alerts_pages_pass_axe(browser: Browser, server: Server, axe_source: str) -> None:
    """The look-up with results, the report form with errors and a warning have no serious problem."""
    context = browser.new_context(bypass_csp=True, locale="es-MX")
    page = context.new_page()
    problems: list[str] = []
    page.goto(server.url + "/es/alerts/?q=55+5555+0101")
    _axe(page, axe_source, problems)
    page.goto(server.url + "/es/alerts/report/")
    page.get_by_role("button", name="Enviar mi reporte").click()
    _axe(page, axe_source, problems)
    page.goto(server.url + "/es/alerts/warnings/")
    _axe(page, axe_source, problems)
    context.close()
    assert problems == []
