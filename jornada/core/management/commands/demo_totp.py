from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from jornada.core.demo import DEMO_EMAIL


class Command(BaseCommand):
    help = "Print the demo staff user's current six-digit code. Development only."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Only with JORNADA_DEBUG=true: real accounts' codes are never printed.")
        device = TOTPDevice.objects.filter(user__email=DEMO_EMAIL, confirmed=True).first()
        if device is None:
            raise CommandError("No demo user yet: run `jornada demo_data` first.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
