import re
import time
from typing import Any

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jornada.conftest import ThreeOrganisations, current_code
from jornada.core.models import AuditEvent
from jornada.core.tests.factories import PASSWORD, UserFactory, totp_device

pytestmark = pytest.mark.django_db


def password_step(client: Client, email: str, password: str = PASSWORD, **extra: Any) -> Any:
    return client.post("/es/staff/login/", {"email": email, "password": password, **extra})


def test_it_signs_in_with_password_then_code(three_orgs: ThreeOrganisations) -> None:
    """Password first, then the authenticator code; only then does a staff page open."""
    device = totp_device(three_orgs.alice)
    client = Client()
    response = password_step(client, "ALICE@example.org ", next="/es/staff/audit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/es/staff/login/code/")
    assert client.get("/es/staff/").status_code == 302, "no staff page before the second factor"

    response = client.post(response["Location"], {"token": current_code(device), "next": "/es/staff/audit/"})
    assert response.status_code == 302
    assert response["Location"] == "/es/staff/audit/"
    assert client.get("/es/staff/").status_code == 200
    assert AuditEvent.objects.filter(actor=three_orgs.alice, action="staff.login").count() == 1


def test_it_refuses_a_wrong_code_and_records_it(three_orgs: ThreeOrganisations) -> None:
    """A wrong code is refused with a translated message and an audit event."""
    totp_device(three_orgs.alice)
    client = Client()
    password_step(client, "alice@example.org")
    response = client.post("/es/staff/login/code/", {"token": "000000"})
    assert response.status_code == 200
    assert "Ese código no es correcto" in response.content.decode()
    assert client.get("/es/staff/").status_code == 302
    assert AuditEvent.objects.filter(actor=three_orgs.alice, action="staff.totp_failed").exists()


def test_it_gives_one_answer_for_wrong_password_and_unknown_account(three_orgs: ThreeOrganisations) -> None:
    """Neither a wrong password nor an unknown address reveals whether the account exists."""
    wrong = password_step(Client(), "alice@example.org", "not the password").content.decode()
    unknown = password_step(Client(), "nobody@example.org", "not the password").content.decode()
    message = "El correo o la contraseña no son correctos."
    assert message in wrong
    assert message in unknown
    assert AuditEvent.objects.filter(actor=three_orgs.alice, action="staff.login_failed").count() == 1


@override_settings(JORNADA_LOGIN_ATTEMPTS=3)
def test_it_pauses_an_account_after_repeated_failures(three_orgs: ThreeOrganisations) -> None:
    """After three wrong passwords even the right one is refused for a while (429)."""
    for _ in range(3):
        assert password_step(Client(), "alice@example.org", "wrong").status_code == 200
    response = password_step(Client(), "alice@example.org")
    assert response.status_code == 429
    assert "Demasiados intentos fallidos" in response.content.decode()
    # Another account is not affected by alice's pause.
    assert password_step(Client(), "bob@example.org").status_code == 302


@override_settings(JORNADA_LOGIN_ATTEMPTS=3)
def test_it_does_not_let_anyone_lock_a_colleague_out_from_elsewhere(three_orgs: ThreeOrganisations) -> None:
    """Wrong passwords for alice from one client pause that client only; alice signs in from hers."""
    elsewhere = {"REMOTE_ADDR": "198.51.100.7"}
    for _ in range(5):
        password_step(Client(**elsewhere), "alice@example.org", "wrong")
    assert password_step(Client(**elsewhere), "alice@example.org").status_code == 429
    assert password_step(Client(REMOTE_ADDR="192.0.2.10"), "alice@example.org").status_code == 302


@override_settings(JORNADA_LOGIN_ATTEMPTS=3)
def test_it_pauses_the_code_step_after_repeated_failures(three_orgs: ThreeOrganisations) -> None:
    """Guessing codes stops after three tries, even when the fourth would be right."""
    device = totp_device(three_orgs.alice)
    client = Client()
    password_step(client, "alice@example.org")
    for _ in range(3):
        client.post("/es/staff/login/code/", {"token": "000000"})
    response = client.post("/es/staff/login/code/", {"token": current_code(device)})
    assert response.status_code == 429
    assert client.get("/es/staff/").status_code == 302


def test_it_makes_a_new_staff_member_set_up_an_authenticator(three_orgs: ThreeOrganisations) -> None:
    """Without a device, signing in leads to setup; a right code confirms it and shows backup codes."""
    client = Client()
    response = password_step(client, "alice@example.org")
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith("/es/staff/login/setup/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.content.decode()
    device = TOTPDevice.objects.get(user=three_orgs.alice, confirmed=False)

    assert client.post("/es/staff/login/setup/", {"token": "000000"}).status_code == 200
    assert not TOTPDevice.objects.filter(user=three_orgs.alice, confirmed=True).exists()
    time.sleep(1.1)  # django-otp's own back-off after a wrong code (1 s, doubling)

    done = client.post("/es/staff/login/setup/", {"token": current_code(device)})
    assert done.status_code == 200
    codes = re.findall(r"<li>([0-9a-f]{8})</li>", done.content.decode())
    assert len(codes) == 10
    assert client.get("/es/staff/").status_code == 200
    assert AuditEvent.objects.filter(actor=three_orgs.alice, action="staff.totp_enrolled").exists()


def test_it_accepts_each_backup_code_once(three_orgs: ThreeOrganisations) -> None:
    """A backup code signs in once; used again it is refused."""
    client = Client()
    password_step(client, "alice@example.org")
    client.get("/es/staff/login/setup/")
    device = TOTPDevice.objects.get(user=three_orgs.alice)
    client.post("/es/staff/login/setup/", {"token": current_code(device)})
    code = StaticToken.objects.filter(device__user=three_orgs.alice).first().token
    for expected_status in (302, 200):
        fresh = Client()
        password_step(fresh, "alice@example.org")
        response = fresh.post("/es/staff/login/code/", {"token": code})
        assert response.status_code == expected_status


def test_it_never_redirects_outside_after_sign_in(three_orgs: ThreeOrganisations) -> None:
    """A ``next`` pointing at another site is ignored."""
    device = totp_device(three_orgs.alice)
    client = Client()
    password_step(client, "alice@example.org")
    response = client.post(
        "/es/staff/login/code/", {"token": current_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("core:staff_home")


def test_it_opens_the_admin_only_to_verified_site_administrators(staff_client: Any) -> None:
    """The Django admin needs a superuser with a second factor; password alone is not enough."""
    admin = UserFactory(is_superuser=True, is_staff=True)
    half = Client()
    half.force_login(admin)
    assert half.get("/admin/").status_code == 302
    assert staff_client(admin).get("/admin/").status_code == 200
    assert staff_client(UserFactory()).get("/admin/").status_code == 302


def test_it_signs_out_on_post(three_orgs: ThreeOrganisations, staff_client: Any) -> None:
    """Signing out ends the session and is recorded."""
    client = staff_client(three_orgs.alice)
    assert client.post("/es/staff/logout/").status_code == 302
    assert client.get("/es/staff/").status_code == 302
    assert AuditEvent.objects.filter(actor=three_orgs.alice, action="staff.logout").exists()


def test_it_resets_a_forgotten_password_by_email(three_orgs: ThreeOrganisations, run_tasks: Any) -> None:
    """The reset link arrives by e-mail (background task), works once and the new password signs in."""
    for email in ("alice@example.org", "nobody@example.org"):
        response = Client().post("/es/staff/password/", {"email": email})
        assert response.status_code == 200
        assert "Revisa tu correo" in response.content.decode()
    run_tasks()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.org"]
    link = re.search(r"https?://testserver(/es/staff/password/\S+/)", mail.outbox[0].body).group(1)

    client = Client()
    form_url = client.get(link)["Location"]
    new_password = "a brand new passphrase 42"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    assert password_step(Client(), "alice@example.org", new_password).status_code == 302
    assert Client().get(link).status_code == 200  # the used link now shows "expired"
    assert "ya se usó" in Client().get(link).content.decode()
    assert AuditEvent.objects.filter(actor=three_orgs.alice, action="staff.password_set").exists()
