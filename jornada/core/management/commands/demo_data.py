import base64
import importlib
import io
import json
from typing import Any

import segno
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jornada.core.demo import demo_staff_create


class Command(BaseCommand):
    help = (
        "Create Jornada's fictional demo data (an organisation, a staff user and each app's "
        "demo records) and print how to sign in. Development only."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print the login as JSON (for scripts)."
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with JORNADA_DEBUG off (for a public demonstration server).",
        )

    def handle(
        self, *args: Any, as_json: bool = False, allow_production: bool = False, **options: Any
    ) -> None:
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Demo data is for development: set JORNADA_DEBUG=true or pass --allow-production."
            )
        login = demo_staff_create()
        # Each app may add its own fictional records in <app>/demo.py: create_demo_data(stdout).
        for config in apps.get_app_configs():
            if config.name.startswith("jornada.") and config.name != "jornada.core":
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.demo":
                        raise
                    continue
                module.create_demo_data(stdout=None if as_json else self.stdout)
        key = base64.b32encode(bytes.fromhex(login.totp_key_hex)).decode().rstrip("=")
        if as_json:
            self.stdout.write(
                json.dumps(
                    {"email": login.email, "password": login.password, "totp_key_hex": login.totp_key_hex}
                )
            )
            return
        self.stdout.write(self.style.SUCCESS("Fictional demo data is ready."))
        self.stdout.write(
            "\nStaff sign-in (fictional account, development only):\n"
            f"  page:      http://127.0.0.1:8000/es/staff/login/\n"
            f"  e-mail:    {login.email}\n"
            f"  password:  {login.password}   (new on every run)\n"
            f"  TOTP key:  {key}\n"
            "Add the key to an authenticator app (or scan the code below), then type the six digits\n"
            "it shows. Or print the current code with:  jornada demo_totp\n"
        )
        qr = io.StringIO()
        segno.make(login.totp_uri, error="l").terminal(out=qr, compact=True)
        self.stdout.write(qr.getvalue())
