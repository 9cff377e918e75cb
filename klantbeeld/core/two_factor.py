"""Two-factor login for employees with TOTP authenticator apps (PRIV-06; django-otp).

An employee with a confirmed device always gives a code. When
``KLANTBEELD_REQUIRE_TWO_FACTOR`` is on, an employee without one is sent to enrol before any
page opens. A wrong code counts as a failed login, so django-axes throttles code guessing too.
"""

from __future__ import annotations

import segno
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest
from django_otp import devices_for_user, match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from klantbeeld.core.models import User

DEVICE_NAME = "Authenticator-app"


def has_device(user: User) -> bool:
    return any(devices_for_user(user, confirmed=True))


def code_check(request: HttpRequest | None, user: User, code: str) -> TOTPDevice | None:
    """The device that accepts ``code`` (each code once); a wrong code is a failed login."""
    device = match_token(user, code.strip().replace(" ", "")) if code else None
    if device is None:
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username()}, request=request
        )
    return device


@transaction.atomic
def enrolment_device(user: User) -> TOTPDevice:
    """The employee's unconfirmed device to enrol, made once and reused until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@transaction.atomic
def enrolment_confirm(device: TOTPDevice, code: str) -> bool:
    if not device.verify_token(code.strip().replace(" ", "")):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return True


def provisioning_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code (no image request, CSP-safe)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")
