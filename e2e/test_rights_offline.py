"""The rights library offline: an article opened once can be read again without signal."""

from conftest import Server, wait_until_kept
from playwright.sync_api import BrowserContext, Page, expect

ARTICLE = "/es/derechos/cobros-de-reclutamiento/"
TITLE = "Nadie te puede cobrar por el trabajo"


def test_it_reads_an_opened_article_again_without_signal(
    page: Page, context: BrowserContext, server: Server
) -> None:
    """Open an article, go offline, reload: the title and the text are still there."""
    page.goto(server.url + ARTICLE)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    wait_until_kept(page, ARTICLE)
    context.set_offline(True)
    try:
        page.reload()
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(page.locator(".body")).to_contain_text("Tu patrón no te puede cobrar")
        # The library index was kept when the worker installed, so it opens offline too.
        page.goto(server.url + "/es/derechos/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Tus derechos en el trabajo")
    finally:
        context.set_offline(False)


def test_it_reads_the_library_without_javascript(no_js_page: Page, server: Server) -> None:
    """With JavaScript off, the library, an article, its audio-free page and search all work."""
    no_js_page.goto(server.url + "/es/")
    no_js_page.get_by_role("link", name="Lee tus derechos").click()
    expect(no_js_page.get_by_role("heading", level=1)).to_have_text("Tus derechos en el trabajo")
    no_js_page.get_by_role("link", name="Tu pasaporte es tuyo").click()
    expect(no_js_page.get_by_role("heading", level=1)).to_have_text("Tu pasaporte es tuyo")
    no_js_page.get_by_role("link", name="Tus derechos", exact=True).first.click()
    no_js_page.get_by_label("Busca en tus derechos").fill("vivienda")
    no_js_page.get_by_role("button", name="Buscar").click()
    expect(no_js_page.get_by_role("link", name="Tu vivienda")).to_be_visible()
