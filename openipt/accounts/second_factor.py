"""TOTP second factor and recovery codes (django-otp devices).

A secret being set up lives only in the session until its first code is confirmed:
opening the setup page writes nothing, and a half-finished setup leaves no device.
"""

import secrets
import time

import segno
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from openipt import notices
from openipt.audit.record import record

RECOVERY_CODE_COUNT = 10
PENDING_KEY_SESSION_KEY = "pending_totp_key"
DEVICE_NAME = "Authenticator app"


def has_confirmed_totp(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def may_set_up(request):
    """Setting up (or replacing) an authenticator needs either no authenticator yet, or a
    session already verified with one of this person's own second factors. A password
    alone must never be enough to swap the device."""
    return request.user.is_verified() or not has_confirmed_totp(request.user)


def pending_device(request):
    """An unsaved device for the secret kept in this session (made on first use)."""
    key = request.session.get(PENDING_KEY_SESSION_KEY)
    if not key:
        key = request.session[PENDING_KEY_SESSION_KEY] = default_key()
    return TOTPDevice(user=request.user, name=DEVICE_NAME, key=key, confirmed=False)


def qr_svg(device):
    """The provisioning URL as an inline SVG QR code (no script, no external image)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, title="QR code")


def matching_time_step(device, token):
    """The time step at which `token` is the device's code, or None."""
    try:
        code = int(token)
    except ValueError:
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return totp.t() if totp.verify(code, device.tolerance) else None


@transaction.atomic
def confirm_totp(user, device, *, time_step=-1, request=None):
    """Save the verified device as the user's only authenticator and issue recovery codes.
    Replacing an existing authenticator is recorded as such and the person is told by
    e-mail, so a replacement they did not make does not go unnoticed."""
    others = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk)
    replaced = others.filter(confirmed=True).exists()
    others.delete()
    device.confirmed = True
    device.last_t = time_step
    device.save()
    if replaced:
        record(user, "account.second_factor_replaced", request=request)
        notices.send_after_commit(notices.second_factor_replaced(user))
    else:
        record(user, "account.second_factor_enabled", request=request)
    if request is not None:
        request.session.pop(PENDING_KEY_SESSION_KEY, None)
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
