from conftest import Server
from playwright.sync_api import Page, expect


def test_it_serves_the_home_page_in_spanish_by_default(page: Page, server: Server) -> None:
    """The bare address opens the Spanish home page."""
    page.goto(server.url + "/")
    expect(page).to_have_url(server.url + "/es/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trabaja con visa H-2A o H-2B")


def test_it_serves_the_home_page_in_english(page: Page, server: Server) -> None:
    """/en/ is the same page in English."""
    page.goto(server.url + "/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Work with an H-2A or H-2B visa")


def test_it_switches_language_and_back(page: Page, server: Server) -> None:
    """The language link leads to the same page in the other language."""
    page.goto(server.url + "/es/privacy/")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(server.url + "/en/privacy/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your privacy")
    page.get_by_role("link", name="Español").click()
    expect(page).to_have_url(server.url + "/es/privacy/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tu privacidad")


def test_it_works_without_javascript(no_js_page: Page, server: Server) -> None:
    """With JavaScript off, pages render and the language switch still works."""
    no_js_page.goto(server.url + "/es/")
    expect(no_js_page.get_by_role("heading", level=1)).to_contain_text("Trabaja con visa")
    no_js_page.get_by_role("link", name="English").click()
    expect(no_js_page.locator("html")).to_have_attribute("lang", "en")
