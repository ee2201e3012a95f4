import pytest
from conftest import Server
from playwright.sync_api import Page, expect


@pytest.mark.parametrize("fixture", ["page", "no_js_page"])
def test_it_signs_staff_in_with_password_and_code(
    fixture: str, server: Server, request: pytest.FixtureRequest
) -> None:
    """A staff page asks for the password, then the authenticator code, then opens (with or without JS)."""
    page: Page = request.getfixturevalue(fixture)
    page.goto(server.url + "/es/staff/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Entrada para organizaciones")
    page.get_by_label("Correo electrónico").fill(server.email)
    page.get_by_label("Contraseña").fill(server.password)
    page.get_by_role("button", name="Continuar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Escribe tu código")
    page.get_by_label("Código").fill(server.totp())
    page.get_by_role("button", name="Entrar").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hola, Ana Demo")
    expect(page.get_by_text("Centro de Trabajadores Ficticio (demo)")).to_be_visible()


def test_it_refuses_a_wrong_code(page: Page, server: Server) -> None:
    """A wrong code keeps the user on the code page with a clear message."""
    page.goto(server.url + "/en/staff/login/")
    page.get_by_label("E-mail address").fill(server.email)
    page.get_by_label("Password").fill(server.password)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("That code is not right.")).to_be_visible()
