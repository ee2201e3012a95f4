"""A worker asks for help: the whole interview with JavaScript off and on, the quick exit, axe-core on every page."""

from __future__ import annotations

import contextlib
import re

from conftest import Server
from playwright.sync_api import Browser, BrowserContext, Page, expect
from test_alerts import _axe

CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")
NEUTRAL = "https://www.google.com/"
STORY = "Relato de prueba e2e: no nos pagaron las horas extra."


def _neutral_site(context: BrowserContext) -> None:
    """The neutral exit site, answered locally (the test machine has no internet)."""
    context.route(
        f"{NEUTRAL}**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>Clima</title><h1>Clima</h1>"
        ),
    )


def _continue(page: Page) -> None:
    page.get_by_role("button", name="Continuar", exact=True).click()


def _interview(page: Page, server: Server, problems: list[str] | None = None, axe_source: str = "") -> str:
    """Answer every step from the home page's link to the receipt; return the receipt code."""

    def check() -> None:
        if problems is not None:
            _axe(page, axe_source, problems)

    page.goto(server.url + "/es/")
    page.get_by_role("link", name="Pide ayuda a una organización").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pedir ayuda")
    check()
    _continue(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("¿Qué pasó?")
    resume = page.locator("#resume-code").inner_text().strip()
    assert CODE.match(resume)
    _continue(page)  # nothing chosen: refused, the field named
    expect(page.get_by_role("alert")).to_contain_text("Elige qué pasó, o cuéntalo con tus palabras.")
    check()
    page.get_by_label("Cuéntalo con tus palabras").fill(STORY)
    _continue(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("¿Quién fue?")
    check()
    page.get_by_label("No, no lo sé").check()
    _continue(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("¿Dónde y cuándo?")
    check()
    page.get_by_label("¿Dónde pasó?").select_option("US-NC")
    _continue(page)
    check()
    page.get_by_label("En Estados Unidos").check()
    _continue(page)
    check()
    page.get_by_label("Español").check()
    _continue(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Lo que permites")
    check()
    page.get_by_role("group", name="¿Puede contactarte una persona de la organización?").get_by_label(
        "Sí"
    ).check()
    page.get_by_role("group", name="Si no pueden ayudarte").get_by_label("No").check()
    page.get_by_role("group", name="¿Pueden contar tu caso").get_by_label("Sí").check()
    _continue(page)
    check()
    page.get_by_label("WhatsApp").check()
    _continue(page)
    check()
    page.get_by_label("Tu número de teléfono, con el código del país").fill("+52 55 5555 0123")
    page.get_by_role("group", name="Si no contestas, ¿pueden dejarte un mensaje?").get_by_label("No").check()
    _continue(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Quién verá tu solicitud")
    expect(page.get_by_text("Horario de atención:").first).to_be_visible()
    check()
    page.get_by_label("La que pueda ayudar (cualquiera de ellas puede verla)").check()
    _continue(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Revisa tus respuestas")
    expect(page.get_by_text(STORY)).to_be_visible()
    check()
    page.get_by_role("button", name="Mandar mi solicitud").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tu solicitud se envió.")
    check()
    code = page.locator("#receipt-code").inner_text().strip()
    assert CODE.match(code)
    assert page.get_by_role("link", name="Ver mi solicitud").get_attribute("href") == "/es/ayuda/estado/"
    return code


def test_it_takes_a_request_for_help_with_javascript_off(no_js_page: Page, server: Server) -> None:
    """The whole interview works without JavaScript, and the URL never changes from /es/ayuda/."""
    _interview(no_js_page, server)
    assert no_js_page.url == server.url + "/es/ayuda/"


def test_it_takes_a_request_for_help_with_javascript_on(page: Page, server: Server) -> None:
    """The same interview with JavaScript on: the quick-exit script changes nothing else."""
    _interview(page, server)


def test_it_resumes_with_the_code_in_a_new_browser(browser: Browser, server: Server) -> None:
    """Answers kept under the code are found again from another browser (no cookie needed)."""
    first = browser.new_context(java_script_enabled=False, locale="es-MX")
    page = first.new_page()
    page.goto(server.url + "/es/ayuda/")
    _continue(page)
    code = page.locator("#resume-code").inner_text().strip()
    page.get_by_label("Cuéntalo con tus palabras").fill(STORY)
    _continue(page)
    first.close()
    second = browser.new_context(java_script_enabled=False, locale="es-MX")
    page = second.new_page()
    page.goto(server.url + "/es/ayuda/")
    page.get_by_label("Tu código para seguir").fill(code.lower())
    page.get_by_role("button", name="Seguir con mis respuestas").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("¿Quién fue?")
    page.get_by_role("button", name="Atrás").click()
    expect(page.get_by_label("Cuéntalo con tus palabras")).to_have_value(STORY)
    second.close()


def _exit_then_back(context: BrowserContext, server: Server, leave: str) -> None:
    _neutral_site(context)
    page = context.new_page()
    page.goto(server.url + "/es/")
    page.get_by_role("link", name="Pide ayuda a una organización").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pedir ayuda")
    if leave == "click":
        page.get_by_role("link", name="Salir rápido").click()
    else:
        # The exit script is deferred: the heading can show before it listens (on a busy machine).
        page.wait_for_load_state("load")
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")
    page.wait_for_url(f"{NEUTRAL}**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Clima")
    page.go_back()
    assert "/ayuda/" not in page.url
    expect(page.locator("[data-quick-exit]")).to_have_count(0)


def test_quick_exit_by_click_leaves_and_back_does_not_show_the_form(browser: Browser, server: Server) -> None:
    """One click leaves for the neutral site by location.replace: Back goes to the page before the form."""
    context = browser.new_context(locale="es-MX")
    _exit_then_back(context, server, "click")
    context.close()


def test_quick_exit_by_escape_twice_leaves_and_back_does_not_show_the_form(
    browser: Browser, server: Server
) -> None:
    """Escape pressed twice does the same."""
    context = browser.new_context(locale="es-MX")
    _exit_then_back(context, server, "escape")
    context.close()


def test_quick_exit_mid_interview_leaves_no_answer_on_back(browser: Browser, server: Server) -> None:
    """Leaving from a later step: Back never shows the answers (the steps were POSTs nobody stored)."""
    context = browser.new_context(locale="es-MX")
    _neutral_site(context)
    page = context.new_page()
    page.goto(server.url + "/es/ayuda/")
    _continue(page)
    page.get_by_label("Cuéntalo con tus palabras").fill(STORY)
    _continue(page)
    page.get_by_role("link", name="Salir rápido").click()
    page.wait_for_url(f"{NEUTRAL}**")
    # Chromium may refuse to resend the POST behind Back: that is the point.
    with contextlib.suppress(Exception):
        page.go_back()
    assert STORY not in page.content()
    context.close()


def test_quick_exit_without_javascript_is_a_plain_link(no_js_page: Page, server: Server) -> None:
    """With JavaScript off the exit is an ordinary link to the neutral site."""
    _neutral_site(no_js_page.context)
    no_js_page.goto(server.url + "/es/ayuda/")
    no_js_page.get_by_role("link", name="Salir rápido").click()
    no_js_page.wait_for_url(f"{NEUTRAL}**")


def test_the_service_worker_keeps_no_intake_page(page: Page, server: Server) -> None:
    """After the service worker took control, visiting /ayuda/ leaves nothing of it in any cache."""
    page.goto(server.url + "/es/derechos/")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.goto(server.url + "/es/ayuda/")
    page.goto(server.url + "/es/ayuda/rastros/")
    page.goto(server.url + "/es/derechos/")
    cached = page.evaluate(
        """async () => {
            const urls = [];
            for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                for (const request of await cache.keys()) urls.push(request.url);
            }
            return urls;
        }"""
    )
    assert any("/derechos/" in url for url in cached)
    assert not [url for url in cached if "/ayuda/" in url]


def test_every_intake_page_passes_axe(browser: Browser, server: Server, axe_source: str) -> None:
    """Every step (with an error shown), the review, the receipt and the traces page: no serious problem."""
    context = browser.new_context(bypass_csp=True, locale="es-MX")
    page = context.new_page()
    problems: list[str] = []
    _interview(page, server, problems, axe_source)
    page.goto(server.url + "/es/ayuda/rastros/")
    _axe(page, axe_source, problems)
    page.goto(server.url + "/en/ayuda/")
    _axe(page, axe_source, problems)
    context.close()
    assert problems == []
