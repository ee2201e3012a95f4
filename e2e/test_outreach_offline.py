"""The promoters' session log without signal: saved on the phone, sent once when the signal returns.

The service worker (scoped to /es/staff/promoters/) keeps the form, stores a log sent offline in
IndexedDB and sends it again, with the same form identifier, when the page is back online; the
server counts it once.
"""

from __future__ import annotations

from conftest import Server, sign_in, wait_until_kept
from playwright.sync_api import Page, expect

FORM = "/es/staff/promoters/sessions/new/"
LIST = "/es/staff/promoters/sessions/"
TOWN = "San Juan Sin Señal (ficticio)"


def _pending(page: Page) -> int:
    return int(
        page.evaluate(
            """() => new Promise((resolve, reject) => {
                const open = indexedDB.open("jornada-promoter", 1);
                open.onupgradeneeded = () => open.result.createObjectStore("pending", {keyPath: "id"});
                open.onsuccess = () => {
                    const request = open.result.transaction("pending").objectStore("pending").count();
                    request.onsuccess = () => { open.result.close(); resolve(request.result); };
                    request.onerror = () => reject(request.error);
                };
                open.onerror = () => reject(open.error);
            })"""
        )
    )


def test_it_sends_a_log_saved_offline_once_when_back_online(page: Page, server: Server) -> None:
    """Offline: the form opens and the log is kept on the phone. Online again: it arrives, once."""
    context = page.context
    sign_in(page, server)
    page.goto(server.url + FORM)
    wait_until_kept(page, FORM, worker="/es/staff/promoters/sw.js")
    page.reload()  # now under the worker's control, as a promoter's phone after the first visit
    context.set_offline(True)
    try:
        page.goto(server.url + FORM)
        expect(page.get_by_role("heading", level=1)).to_have_text("Registrar una sesión")
        page.get_by_label("Pueblo o ciudad").fill(TOWN)
        page.get_by_label("Estado").select_option("MX-OAX")
        page.get_by_label("Cuántos trabajadores asistieron").fill("12")
        page.get_by_role("button", name="Guardar").click()
        expect(page.locator("#offline-saved")).to_be_visible()
        assert _pending(page) == 1
    finally:
        context.set_offline(False)
    # Back online: the page asks the worker to send what it kept; the list shows the log once.
    page.goto(server.url + LIST)
    for _attempt in range(20):
        if page.get_by_text(TOWN).count() or _pending(page) == 0:
            break
        page.wait_for_timeout(500)
    page.reload()
    expect(page.get_by_text(TOWN)).to_have_count(1)
    assert _pending(page) == 0
    # Loading the pages again sends nothing twice.
    page.goto(server.url + FORM)
    page.goto(server.url + LIST)
    expect(page.get_by_text(TOWN)).to_have_count(1)


def test_it_logs_a_session_without_javascript(no_js_page: Page, server: Server) -> None:
    """With JavaScript off the same form logs a session online (the worker is only an enhancement)."""
    page = no_js_page
    sign_in(page, server)
    page.goto(server.url + FORM)
    page.get_by_label("Pueblo o ciudad").fill("Tlaxiaco sin JavaScript (ficticio)")
    page.get_by_label("Estado").select_option("MX-OAX")
    page.get_by_label("Cuántos trabajadores asistieron").fill("5")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sesiones registradas")
    expect(page.get_by_text("Tlaxiaco sin JavaScript (ficticio)")).to_have_count(1)
