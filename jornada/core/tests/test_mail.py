"""Without SMTP, e-mails are printed: never with the addresses they go to."""

import io

from django.core.mail import EmailMessage

from jornada.core.mail import ConsoleBackend


def test_it_prints_an_email_without_its_recipients() -> None:
    """The body (links, codes) is readable; To, Cc and Reply-To are not."""
    stream = io.StringIO()
    message = EmailMessage(
        subject="Confirma que quieres seguir este número",
        body="Tu código: K7QM-4XPA-93TZ",
        from_email="Jornada <no-reply@localhost>",
        to=["trabajadora.sola@example.org"],
        cc=["otra.persona@example.org"],
        reply_to=["responde@example.org"],
    )
    assert ConsoleBackend(stream=stream).send_messages([message]) == 1
    printed = stream.getvalue()
    assert "K7QM-4XPA-93TZ" in printed
    assert "[address hidden]" in printed
    for address in ("trabajadora.sola@example.org", "otra.persona@example.org", "responde@example.org"):
        assert address not in printed
