"""TOTP second factor and recovery codes (django-otp devices)."""

import secrets

import segno
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from openipt.audit.record import record

RECOVERY_CODE_COUNT = 10


def pending_totp_device(user):
    """The unconfirmed device being set up, created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def has_confirmed_totp(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def qr_svg(device):
    """The provisioning URL as an inline SVG QR code (no script, no external image)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, title="QR code")


@transaction.atomic
def confirm_totp(user, device, *, request=None):
    """Make the verified device the user's only authenticator and issue recovery codes."""
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record(user, "account.second_factor_enabled", request=request)
    return _replace_recovery_codes(user)


@transaction.atomic
def regenerate_recovery_codes(user, *, request=None):
    record(user, "account.recovery_codes_regenerated", request=request)
    return _replace_recovery_codes(user)


def _replace_recovery_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes")
    codes = [_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _recovery_code():
    # 10 characters from an unambiguous alphabet: about 50 bits each.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))
