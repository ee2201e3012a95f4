"""A protection protocol worked in the browser with JavaScript off, as staff on a locked-down office PC."""

from __future__ import annotations

from conftest import Server, sign_in
from playwright.sync_api import Page, expect


def test_it_completes_a_referral_step_under_a_supervisors_override_without_javascript(
    no_js_page: Page, server: Server
) -> None:
    """The demo survivor's case: progress in the list, the referral step shared on a supervisor's written reason."""
    page = no_js_page
    sign_in(page, server)
    page.goto(server.url + "/es/staff/cases/")
    row = page.locator("tr", has_text="Violencia de género")
    expect(row).to_contain_text("4 de 6 pasos")
    expect(row).not_to_contain_text("Sobreviviente Ejemplo")  # a survivor's name is hidden in lists
    row.get_by_role("link").first.click()
    page.get_by_role("link", name="Pasos del protocolo que sigue este caso").click()
    expect(page.get_by_text("4 de 6 pasos hechos")).to_be_visible()
    step = page.locator("#step-allies-referral")
    step.get_by_text("Completar este paso").click()  # a <details> opens without JavaScript
    step.get_by_label("Salud").check()
    step.get_by_label("Aliado al que se refirió").fill("Clínica Ficticia del Valle (demo)")
    step.get_by_role("button", name="Completar").click()
    # No consent to referral was recorded: the step is refused until a supervisor gives a reason.
    step = page.locator("#step-allies-referral")
    expect(step.locator(".errorlist")).to_be_visible()
    step.get_by_label("Salud").check()
    step.get_by_label("Aliado al que se refirió").fill("Clínica Ficticia del Valle (demo)")
    step.get_by_label("Razón de la supervisora para compartir sin consentimiento").fill(
        "Necesita atención médica hoy y no puede llamarla de nuevo con seguridad (demostración)."
    )
    step.get_by_role("button", name="Completar").click()
    expect(page.get_by_text("5 de 6 pasos hechos")).to_be_visible()
    expect(page.locator("#step-allies-referral")).to_contain_text(
        "compartido por autorización excepcional de una supervisora"
    )
