"""Sign-in lockout: a username is locked for one address after a few failures from it, and
for every address after many more failures from anywhere (docs/deploy.md, security notes).

Locking by username alone let anyone keep a known person out with a handful of requests
every cool-off period; locking by address alone does nothing against guesses spread over
many addresses. django-axes counts both (AXES_LOCKOUT_PARAMETERS) but compares every count
with the one limit, AXES_FAILURE_LIMIT, so this handler gives the per-username count the
headroom up to its own, higher limit.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum


class UsernameAndAddressHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        # In the order of settings.AXES_LOCKOUT_PARAMETERS.
        from_this_address, from_anywhere = (
            attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        address_limit = get_failure_limit(request, credentials)
        headroom = settings.OPENIPT_LOGIN_FAILURE_LIMIT_PER_USERNAME - address_limit
        # Reaches address_limit when either count reaches its own limit.
        return max(from_this_address, from_anywhere - headroom)
