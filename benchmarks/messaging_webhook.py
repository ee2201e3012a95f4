"""Webhook to reply for a text-message look-up, at 50 concurrent conversations, through gunicorn.

``python -m benchmarks messaging_webhook`` migrates a fresh data folder (SQLite, or PostgreSQL
under ``scripts/with-postgres``), publishes a few
fictional warnings, starts gunicorn with the production configuration and has 50 fictional
numbers each text ``BUSCAR <number or name>`` to ``/messaging/twilio/``, signed as Twilio signs,
waiting ``BENCH_THINK`` seconds after each answer, for ``BENCH_SECONDS``. It reports the time from posting to the TwiML
answer (p50, p95) and any answer that was not a 200 with a reply. The per-number rate limit is
raised for the run (a real number sends a few messages a minute); everything else is production.
Never part of the test suite.
"""

from __future__ import annotations

import http.client
import os
import threading
import time
import urllib.parse

from benchmarks.common import configure, header, served, summary_ms

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "50"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "30"))
# Seconds each conversation waits after an answer before its next message (a worker reads and
# types); 0 sends as fast as answers come, which measures queueing at saturation instead.
THINK = float(os.environ.get("BENCH_THINK", "2"))
TOKEN = "benchmark-twilio-token"  # noqa: S105 - a benchmark value
URL = "https://bench.example.org/messaging/twilio/"
QUERIES = ("BUSCAR 55 5555 0101", "buscar Visas Seguras del Norte", "BUSCAR Agencia Inexistente")


def _publish_warnings() -> None:
    from jornada.alerts.demo import create_demo_data

    create_demo_data()


def run(arguments: list[str] | None = None) -> str:
    data = configure()
    _publish_warnings()
    from twilio.request_validator import RequestValidator

    validator = RequestValidator(TOKEN)
    timings: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    with served(
        data,
        JORNADA_TWILIO_AUTH_TOKEN=TOKEN,
        JORNADA_MESSAGING_TWILIO_URL=URL,
        JORNADA_MESSAGING_PER_MINUTE="100000",
    ) as port:
        deadline = time.monotonic() + SECONDS

        def conversation(index: int) -> None:
            time.sleep(index * THINK / CLIENTS)  # conversations start apart, as workers' do
            sent = 0
            while time.monotonic() < deadline:
                sent += 1
                params = {
                    "MessageSid": f"SMbench{index:04d}{sent:08d}",
                    "From": f"+5255000{index:05d}",
                    "To": "+15005550006",
                    "Body": QUERIES[sent % len(QUERIES)],
                    "NumMedia": "0",
                }
                body = urllib.parse.urlencode(params)
                headers = {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-Twilio-Signature": validator.compute_signature(URL, params),
                    "Host": "testserver",
                }
                # A connection per message, as a gateway's webhook makes: one kept open across the
                # 2 s pause met gunicorn's 2 s keep-alive closing it, and that conversation's
                # thread died of a broken pipe, silently lightening the load.
                started = time.monotonic()
                status: int | str
                try:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    connection.request("POST", "/messaging/twilio/", body=body, headers=headers)
                    response = connection.getresponse()
                    answer, status = response.read(), response.status
                    connection.close()
                except (OSError, http.client.HTTPException) as error:
                    answer, status = b"", type(error).__name__
                elapsed = time.monotonic() - started
                with lock:
                    timings.append(elapsed)
                    if status != 200 or b"<Message>" not in answer:
                        failures.append(str(status))
                time.sleep(THINK)

        threads = [threading.Thread(target=conversation, args=(index,)) for index in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    from django.db import connection

    vendor = connection.vendor
    return (
        header(
            f"Text-message look-up through the Twilio webhook, {CLIENTS} concurrent conversations ({vendor})"
        )
        + f"\n{summary_ms(timings)} · {len(timings) / SECONDS:.0f} answers/s · not answered: {len(failures)}\n"
    )
