"""Reporting a scam: the form, screenshots without metadata, receipts, moderation, anonymity."""

from __future__ import annotations

import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from PIL import Image

from jornada.alerts import sms
from jornada.alerts.crypto import decrypt_contact
from jornada.alerts.models import Delivery, Follow, ScamReport, Screenshot
from jornada.alerts.selectors import lookup
from jornada.alerts.services import follow_subscribe, report_changed, report_publish, unsubscribe_token
from jornada.alerts.tasks import deliver_notification
from jornada.alerts.tests.factories import ReportFactory, published_warning, report_data
from jornada.contributions import redaction
from jornada.contributions.models import Status
from jornada.core.models import AuditEvent, ModerationGrant
from jornada.core.tests.factories import OrganisationFactory, moderator
from jornada.directory.tests.helpers import h2a_row, import_h2a
from jornada.reviews.tests.test_anonymity import CLIENT_HEADERS, NEEDLES, cache_contents, whole_database

pytestmark = pytest.mark.django_db


def jpeg_with_gps() -> bytes:
    """A JPEG carrying EXIF with a GPS position, a camera model and a comment, as phones write them."""
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "ZZ-Probe-Camera"  # Model
    exif[0x0132] = "2025:03:01 10:11:12"  # DateTime
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (17.0, 3.0, 30.0)
    gps[3] = "W"
    gps[4] = (96.0, 43.0, 12.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, comment=b"secret comment")
    data = out.getvalue()
    assert b"ZZ-Probe-Camera" in data
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)
    return data


def test_it_takes_a_report_without_javascript_and_gives_a_receipt_code() -> None:
    """One page, a receipt code, then the code opens, changes and withdraws the report."""
    client = Client()
    assert client.get("/es/alerts/report/").status_code == 200
    response = client.post("/es/alerts/report/", report_data())
    assert response.status_code == 200, response.context["form"].errors
    code = response.context["code"]
    report = ScamReport.objects.get()
    assert report.status == Status.RECEIVED
    assert {(i.kind, i.value) for i in report.identifiers.all()} >= {
        ("phone", "+525512345678"),
        ("url", "facebook.com/visas.rapidas.ficticias"),
        ("name", "visas rapidas ficticias"),
    }
    opened = client.post("/es/alerts/report/receipt/", {"receipt": code})
    assert "Visas Rápidas Ficticias" in opened.content.decode()
    # "Un reporte" is masculine: the reviews' feminine "la revisen" must not win the shared catalogue.
    assert "Está esperando que lo revisen." in opened.content.decode()
    edit = client.post("/es/alerts/report/", {"go": "edit", "receipt": code})
    assert edit.context["form"].initial["contact_phone"] == "55 1234 5678"
    changed = client.post("/es/alerts/report/", report_data(receipt=code, contact_phone="55 9999 8888"))
    assert changed.status_code == 200
    report.refresh_from_db()
    assert report.contact_phone == "55 9999 8888"
    assert client.post("/es/alerts/report/withdraw/", {"receipt": code, "confirm": "yes"}).status_code == 200
    report.refresh_from_db()
    assert report.status == Status.WITHDRAWN
    assert report.contact_phone == ""
    assert not report.identifiers.exists()


def test_it_explains_bad_input_per_field_and_stores_nothing() -> None:
    """Bad fields get translated messages; a report with no way to recognise the scammer is refused."""
    response = Client().post(
        "/es/alerts/report/",
        report_data(contact_phone="12", asked_currency="", contact_facebook="no es una página"),
    )
    assert response.status_code == 422
    errors = response.context["form"].errors.as_data()
    assert errors["contact_phone"][0].code == "invalid_phone"
    assert errors["asked_currency"][0].code == "currency_required"
    assert errors["contact_facebook"][0].code == "invalid_url"
    nothing = Client().post(
        "/es/alerts/report/",
        report_data(contact_name="", contact_organisation="", contact_phone="", contact_facebook=""),
    )
    assert nothing.status_code == 422
    assert "Escribe al menos una forma de reconocerlos" in nothing.content.decode()
    assert not ScamReport.objects.exists()


def test_it_strips_exif_and_gps_from_an_uploaded_screenshot() -> None:
    """The stored image is a new JPEG with no EXIF, GPS, camera model or comment."""
    upload = SimpleUploadedFile("IMG_juan_perez.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = Client().post("/es/alerts/report/", {**report_data(), "screenshots": [upload]})
    assert response.status_code == 200, response.context["form"].errors
    shot = Screenshot.objects.get()
    stored = shot.image.read()
    assert b"ZZ-Probe-Camera" not in stored
    assert b"PhoneMaker" not in stored
    assert b"secret comment" not in stored
    assert b"Exif" not in stored
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info
    assert "juan" not in shot.image.name


def test_it_refuses_files_that_are_not_images_and_oversized_ones() -> None:
    """A text file named .jpg is refused with a message; too many or too large files too."""
    fake = SimpleUploadedFile("foto.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    response = Client().post("/es/alerts/report/", {**report_data(), "screenshots": [fake]})
    assert response.status_code == 422
    assert response.context["form"].errors.as_data()["screenshots"][0].code == "not_an_image"
    big = SimpleUploadedFile(
        "big.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024 + 10), content_type="image/jpeg"
    )
    response = Client().post("/es/alerts/report/", {**report_data(), "screenshots": [big]})
    assert response.context["form"].errors.as_data()["screenshots"][0].code == "file_too_large"
    assert not ScamReport.objects.exists()
    assert not Screenshot.objects.exists()
    huge = Client().post("/es/alerts/report/", report_data(), CONTENT_LENGTH=str(100 * 1024 * 1024))
    assert huge.status_code == 413


def test_the_staff_home_links_moderators_to_the_reports(three_orgs: Any, staff_client: Any) -> None:
    """alice (moderator) is led to the scam reports from her staff home; charlie (advocate) is not."""
    assert "/es/staff/alerts/" in staff_client(three_orgs.alice).get("/es/staff/").content.decode()
    assert "/es/staff/alerts/" not in staff_client(three_orgs.charlie).get("/es/staff/").content.decode()


def test_it_publishes_through_moderation_and_audits_it(three_orgs: Any, staff_client: Any) -> None:
    """A moderator opens and publishes a report (both audited); then the look-up finds it."""
    report = ReportFactory()
    client = staff_client(three_orgs.alice)
    assert client.get("/es/staff/alerts/").status_code == 200
    page = client.get(f"/es/staff/alerts/{report.pk}/")
    assert page.status_code == 200
    assert lookup("55 1234 5678").warnings == []
    assert client.post(f"/es/staff/alerts/{report.pk}/", {"action": "publish"}).status_code == 302
    assert [m.report.pk for m in lookup("55 1234 5678").warnings] == [report.pk]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"alerts.report_opened", "alerts.report_published"} <= actions
    charlie = staff_client(three_orgs.charlie)  # an advocate, not a moderator
    assert charlie.get(f"/es/staff/alerts/{report.pk}/").status_code == 403


def test_a_published_warning_shows_on_the_profile_it_names_at_once(
    tmp_path: Path, django_capture_on_commit_callbacks: Any, three_orgs: Any
) -> None:
    """The profile's warnings section is kept in the cache, and renewed when a report is published."""
    import_h2a(tmp_path, 2017, [h2a_row("H-300-17001-000001", "Green Valley Farms", "GA")])
    url = "/es/directory/employers/green-valley-farms-ga/"
    assert "Ningún aviso publicado" in Client().get(url).content.decode()
    report = ReportFactory(offer_employer="Green Valley Farms")
    moderator_user = moderator(organisation=OrganisationFactory(), name="Mod", email="mod@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        report_publish(report=report, moderator=moderator_user)
    assert "1 aviso publicado" in Client().get(url).content.decode()


def test_a_moderator_removes_personal_details_from_the_story(three_orgs: Any, staff_client: Any) -> None:
    """A typed phrase in the worker's own text becomes the marker; the report stays waiting and is marked."""
    report = ReportFactory(text="Soy Rosa Inventada y me pidieron 15,000 pesos por la visa.")
    response = staff_client(three_orgs.alice).post(
        f"/es/staff/alerts/{report.pk}/",
        {
            "action": "redact",
            "phrases": "rosa inventada",
            "reason": "author",
            "fingerprint": redaction.fingerprint(report.text),
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.text == f"Soy {redaction.MARKER} y me pidieron 15,000 pesos por la visa."
    assert report.is_redacted
    assert report.status == Status.RECEIVED


def test_it_never_shows_the_reporter_on_a_published_warning() -> None:
    """The warning shows the scammer's number and page, never the town or year the worker gave."""
    report = published_warning(town="Santa Inés Pueblito", contact_year=2024)
    page = Client().get(f"/es/alerts/warnings/{report.pk}/").content.decode()
    assert "+52 55 1234 5678" in page
    assert "facebook.com/visas.rapidas.ficticias" in page
    assert "Santa Inés Pueblito" not in page


@override_settings(JORNADA_PROXY_COUNT=1)
def test_it_keeps_nothing_about_the_client(
    every_log_line: list[str], capfd: pytest.CaptureFixture[str]
) -> None:
    """A report, a look-up and a follow from a distinctive address and browser leave them nowhere.

    Not in the database, not in any log line (SQL with its parameters included), not on the
    console, not in the cache: the same contract as reviews (``reviews/tests/test_anonymity.py``).
    """
    client = Client(**CLIENT_HEADERS)
    assert client.post("/es/alerts/report/", report_data()).status_code == 200
    assert client.get("/es/alerts/", {"q": "044 55 1234 5678"}).status_code == 200
    assert client.get("/api/v1/lookup", {"q": "Visas Rápidas"}).status_code == 200
    followed = client.post(
        "/es/alerts/follow/phone/+525512345678/", {"channel": "email", "contact": "trabajadora@example.org"}
    )
    assert followed.status_code == 200
    assert every_log_line, "the log capture saw nothing: the test would prove nothing"
    assert any("INSERT" in line and "alerts_scamreport" in line for line in every_log_line)
    database = whole_database()
    assert "alerts_scamreport" in database
    output = capfd.readouterr()
    for haystack in (database, "\n".join(every_log_line), output.out + output.err, cache_contents()):
        assert [needle for needle in NEEDLES if needle.lower() in haystack.lower()] == []


# --- Follows and notifications --------------------------------------------------------------------


def _sent_code() -> str:
    """Return the confirmation code in the last message sent (e-mail or text message)."""
    body = mail.outbox[-1].body if mail.outbox else sms.outbox[-1].body
    return body.split("?code=")[1].split()[0]


def _subscribe_and_confirm(run_tasks: Any, capture: Any, **fields: Any) -> Follow:
    with capture(execute=True):
        follow = follow_subscribe(**{"language": "es", "base_url": "http://testserver/", **fields})
    run_tasks()
    response = Client().post("/es/alerts/follow/confirm/", {"code": _sent_code()})
    assert response.status_code == 200
    follow.refresh_from_db()
    assert follow.confirmed
    return follow


@pytest.fixture
def confirmed_follow(run_tasks: Any, django_capture_on_commit_callbacks: Any) -> Any:
    def make(channel: str = "email", contact: str = "trabajadora@example.org") -> Follow:
        return _subscribe_and_confirm(
            run_tasks,
            django_capture_on_commit_callbacks,
            kind="phone",
            target="+525512345678",
            target_label="+52 55 1234 5678",
            channel=channel,
            contact=contact,
        )

    return make


def test_it_confirms_a_follow_by_link_and_keeps_the_contact_encrypted(
    run_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Following sends a link and code; the contact is never stored in clear."""
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            "/es/alerts/follow/phone/+525512345678/",
            {"channel": "email", "contact": "Trabajadora@Example.org"},
        )
    assert response.status_code == 200
    run_tasks()
    follow = Follow.objects.get()
    assert not follow.confirmed
    assert "trabajadora@example.org" not in whole_database()
    assert decrypt_contact(follow.contact_encrypted) == "trabajadora@example.org"
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/alerts/follow/confirm/?code=" in line)
    code = link.split("code=")[1]
    assert Client().get(link.replace("http://testserver", "")).status_code == 200
    Client().post("/es/alerts/follow/confirm/", {"code": code})
    follow.refresh_from_db()
    assert follow.confirmed


def test_it_notifies_once_despite_a_retried_task(
    run_tasks: Any, django_capture_on_commit_callbacks: Any, confirmed_follow: Any
) -> None:
    """Publishing a warning about a followed number sends one e-mail, even when the task runs again."""
    follow = confirmed_follow()
    mail.outbox.clear()
    report = ReportFactory()
    user = moderator(organisation=OrganisationFactory(), name="Mod", email="mod@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        report_publish(report=report, moderator=user)
    run_tasks()
    delivery = Delivery.objects.get(follow=follow)
    assert delivery.state == Delivery.State.SENT
    assert len(mail.outbox) == 1
    assert "Nuevo aviso de fraude" in mail.outbox[0].body
    assert mail.outbox[0].extra_headers["List-Unsubscribe"].startswith("<http://testserver/es/alerts/stop/")
    # The same task again (a retry, a second worker): nothing more is sent.
    deliver_notification.call(delivery_id=delivery.pk)
    deliver_notification.enqueue(delivery_id=delivery.pk)
    run_tasks()
    assert len(mail.outbox) == 1
    # Publishing paths that fire twice record the event once.
    report_changed(report)
    run_tasks()
    assert len(mail.outbox) == 1


def test_an_import_tells_the_followers_of_an_employer(
    run_tasks: Any, django_capture_on_commit_callbacks: Any, tmp_path: Path
) -> None:
    """A DOL file with a new case of a followed employer: one e-mail, sent by the import's own signal."""
    import_h2a(tmp_path, 2017, [h2a_row("H-300-17001-000001", "Green Valley Farms", "GA")])
    _subscribe_and_confirm(
        run_tasks,
        django_capture_on_commit_callbacks,
        kind="employer",
        target="green-valley-farms-ga",
        target_label="Green Valley Farms",
        channel="email",
        contact="trabajadora@example.org",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        import_h2a(tmp_path, 2018, [h2a_row("H-300-18001-000002", "Green Valley Farms", "GA")], quarter=1)
    with django_capture_on_commit_callbacks(execute=True):
        run_tasks()  # the scan, which queues the delivery once the event is stored
    run_tasks()
    assert len(mail.outbox) == 1
    assert "Green Valley Farms" in mail.outbox[0].body


def test_it_unsubscribes_with_one_link_and_deletes_the_contact(confirmed_follow: Any) -> None:
    """The link in every message deletes the follow and its encrypted contact."""
    follow = confirmed_follow()
    token = unsubscribe_token(follow)
    assert Client().get(f"/es/alerts/stop/{token}/").status_code == 200
    assert Follow.objects.filter(pk=follow.pk).exists()
    response = Client(enforce_csrf_checks=True).post(
        f"/es/alerts/stop/{token}/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert not Follow.objects.exists()
    assert follow.contact_encrypted not in whole_database()
    assert "Ya no lo sigues" in Client().get(f"/es/alerts/stop/{token}/").content.decode()


def test_the_console_gateway_never_prints_the_whole_number(capsys: pytest.CaptureFixture[str]) -> None:
    """Development's SMS backend prints the message for the developer, the number masked: stdout is a log."""
    sms.ConsoleBackend().send("+525512345678", "Tu código: K7QM-4XPA-93TZ")
    printed = capsys.readouterr().out
    assert "K7QM-4XPA-93TZ" in printed
    assert "5512345678" not in printed
    assert "+52••••••••78" in printed


class _Gateway(BaseHTTPRequestHandler):
    received: list[tuple[str, str, bytes]] = []
    status = 201

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((self.path, self.headers["Authorization"], body))
        self.send_response(type(self).status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"sid": "SM1", "status": "queued"}')

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def gateway() -> Any:
    """A local HTTP server that answers like Twilio's Messages API."""
    _Gateway.received = []
    _Gateway.status = 201
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_it_sends_sms_through_a_twilio_compatible_gateway(gateway: str) -> None:
    """The Twilio backend posts To, From and Body with basic authentication; errors raise."""
    with override_settings(
        JORNADA_SMS_BACKEND="twilio",
        JORNADA_TWILIO_API_URL=gateway,
        JORNADA_TWILIO_ACCOUNT_SID="AC123",
        JORNADA_TWILIO_AUTH_TOKEN="token",
        JORNADA_TWILIO_FROM="+15005550006",
    ):
        sms.send_sms("+525512345678", "Hola")
        path, authorization, body = _Gateway.received[0]
        assert path == "/2010-04-01/Accounts/AC123/Messages.json"
        assert authorization == "Basic QUMxMjM6dG9rZW4="
        assert b"To=%2B525512345678" in body
        assert b"Body=Hola" in body
        _Gateway.status = 400
        with pytest.raises(sms.SmsError):
            sms.send_sms("+525512345678", "Hola")


def test_it_retries_a_failed_sms_later(
    run_tasks: Any, django_capture_on_commit_callbacks: Any, gateway: str, confirmed_follow: Any
) -> None:
    """A gateway error leaves the delivery failed and queued again, not sent and not lost."""
    follow = confirmed_follow(channel="sms", contact="+525587654321")
    _Gateway.status = 500
    with override_settings(
        JORNADA_SMS_BACKEND="twilio",
        JORNADA_TWILIO_API_URL=gateway,
        JORNADA_TWILIO_ACCOUNT_SID="AC123",
        JORNADA_TWILIO_AUTH_TOKEN="token",
        JORNADA_TWILIO_FROM="+15005550006",
    ):
        with django_capture_on_commit_callbacks(execute=True):
            published = published_warning()
            report_changed(published)
        run_tasks()
    delivery = Delivery.objects.get(follow=follow)
    assert delivery.state == Delivery.State.FAILED
    assert delivery.attempts == 1
    assert len(_Gateway.received) == 1


@pytest.mark.django_db
def test_it_records_every_read_of_the_queue_and_of_a_screenshot(three_orgs, staff_client) -> None:
    """Listing waiting reports and opening a screenshot each leave an event naming the moderator's grant."""
    report = ReportFactory()
    shot = Screenshot(report=report, width=1, height=1)
    shot.image.save("x.jpg", ContentFile(b"\xff\xd8\xff\xd9"), save=True)
    client = staff_client(three_orgs.alice)
    assert client.get("/es/staff/alerts/").status_code == 200
    response = client.get(f"/es/staff/alerts/screenshots/{shot.pk}/")
    assert response.status_code == 200
    b"".join(response.streaming_content)
    client.get(f"/es/staff/alerts/screenshots/{shot.pk}/")
    grant = ModerationGrant.objects.get(user=three_orgs.alice).pk
    queue = AuditEvent.objects.get(action="alerts.queue_viewed")
    assert (queue.actor, queue.organisation, queue.detail) == (
        three_orgs.alice,
        None,
        {"page": 1, "shown": 1, "grant": grant},
    )
    views = AuditEvent.objects.filter(action="alerts.screenshot_viewed")
    assert views.count() == 2, "each read, not only the first"
    assert {(e.actor, e.organisation, e.target_type, e.target_id) for e in views} == {
        (three_orgs.alice, None, "alerts.scamreport", str(report.pk))
    }
