"""Login security (PRIV-06): two-factor login, throttling, CSP, deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from klantbeeld.privacy.models import ProcessingLog
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[3]


def _code(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def _login(client, code=""):
    return client.post(reverse("login"), {"username": "kcc", "password": PASSWORD, "code": code})


@pytest.fixture
def device(front_office):
    return TOTPDevice.objects.create(user=front_office, name="app", confirmed=True)


def test_an_employee_with_an_app_must_give_the_code(client, device):
    # when
    response = _login(client)

    # then
    assert response.status_code == 400
    assert "code van 6 cijfers" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_wrong_code_is_refused(client, device):
    response = _login(client, "000000" if _code(device) != "000000" else "111111")
    assert response.status_code == 400
    assert "klopt niet" in response.content.decode()


def test_the_right_code_logs_in_verified(client, device):
    # when
    response = _login(client, _code(device))

    # then
    assert response.status_code == 302
    assert client.get(reverse("workspace:home")).status_code == 200


def test_required_two_factor_sends_an_employee_without_app_to_enrol(client, front_office, settings):
    # given
    settings.KLANTBEELD_REQUIRE_TWO_FACTOR = True
    assert _login(client).status_code == 302

    # when: any workspace page
    response = client.get(reverse("workspace:home"))

    # then: enrolment first, and nothing is read before it
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))
    page = client.get(response["Location"])
    assert "<svg" in page.content.decode()
    assert ProcessingLog.objects.count() == 0


def test_enrolment_with_the_first_code_opens_the_workspace(client, front_office, settings):
    # given
    settings.KLANTBEELD_REQUIRE_TWO_FACTOR = True
    _login(client)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=front_office)

    # when
    right = client.post(reverse("two_factor_setup"), {"code": _code(device)})

    # then
    assert right.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("workspace:home")).status_code == 200


def test_a_wrong_enrolment_code_explains_and_keeps_the_device_unconfirmed(
    client, front_office, settings
):
    # given
    settings.KLANTBEELD_REQUIRE_TWO_FACTOR = True
    _login(client)

    # when
    response = client.post(reverse("two_factor_setup"), {"code": "123"})

    # then: django-otp also pauses the device briefly after a wrong code
    assert response.status_code == 400
    assert "klopt niet" in response.content.decode()
    assert not TOTPDevice.objects.get(user=front_office).confirmed


def test_five_failed_logins_lock_the_account_for_a_while(client, front_office):
    # given
    for _ in range(5):
        client.post(reverse("login"), {"username": "kcc", "password": "fout"})

    # when: even the right password is refused now
    response = _login(client)

    # then
    assert response.status_code in (403, 429)
    assert "Te veel mislukte pogingen" in response.content.decode()


def test_wrong_codes_count_as_failed_logins(client, device):
    for _ in range(5):
        _login(client, "000000")
    response = _login(client, _code(device))
    assert response.status_code in (403, 429)


def test_pages_carry_a_strict_content_security_policy(client, db):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_the_production_settings_pass_the_deploy_checks():
    # given: production settings as an operator would set them
    environment = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "KLANTBEELD_ENV": "production",
        "DJANGO_SECRET_KEY": "k" * 20 + "9vX$2mQ!pZr7&Lw#eT4yUb6^Nc8@Hj0sDf1%Gk3",
        "DJANGO_ALLOWED_HOSTS": "klantbeeld.example.nl",
    }

    # when
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    # then
    assert result.returncode == 0, result.stdout + result.stderr
