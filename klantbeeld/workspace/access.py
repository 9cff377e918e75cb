"""The gate in front of every workspace page: logged in, then the role's processing activity.

Anonymous visitors go to the login page; an employee whose role lacks the activity gets 403
before anything is read (so no processing-log record either); a customer who does not exist
or belongs to another organisation is the same 404 (STYLE.md).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django_htmx.middleware import HtmxDetails

from klantbeeld.core.errors import NotAccessible, PermissionMissing
from klantbeeld.privacy.accessors import Accessor
from klantbeeld.privacy.constants import Activity
from klantbeeld.privacy.selectors import accessor_for_user

View = Callable[..., HttpResponse]


class EmployeeRequest(HttpRequest):
    accessor: Accessor
    htmx: HtmxDetails


def employee_page(activity: Activity) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if settings.KLANTBEELD_REQUIRE_TWO_FACTOR and not request.user.is_verified():  # type: ignore[attr-defined]
                return redirect_to_login(request.get_full_path(), login_url="two_factor_setup")
            try:
                accessor = accessor_for_user(request.user)
            except PermissionMissing as exc:
                raise PermissionDenied(exc.message) from exc
            if not accessor.may(activity):
                raise PermissionDenied("U heeft geen toestemming voor deze pagina.")
            request.accessor = accessor  # type: ignore[attr-defined]
            try:
                return view(request, *args, **kwargs)
            except NotAccessible as exc:
                raise Http404(exc.message) from exc
            except PermissionMissing as exc:
                raise PermissionDenied(exc.message) from exc

        wrapped.required_activity = activity  # type: ignore[attr-defined]
        return wrapped

    return decorator
