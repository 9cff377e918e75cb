"""Django admin for personal data, bound to a purpose like every other read (PRIV-05).

The admin is where a functional administrator corrects customer data (rectification). It
shows only the administrator's own organisation, only with the data-correction activity, and
logs every opened record and every save. Nothing is deleted here: erasure is a data subject
request with its own checks. Platform administrators without an organisation see no customer.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse

from klantbeeld.core.errors import PermissionMissing
from klantbeeld.privacy.accessors import Accessor
from klantbeeld.privacy.constants import Activity, Operation
from klantbeeld.privacy.selectors import accessor_for_user
from klantbeeld.privacy.services import purpose_bound


class PurposeBoundAdmin(admin.ModelAdmin):
    activity = Activity.DATA_CORRECTION
    provider_field = "provider"

    def data_subjects(self, obj: Model) -> list[UUID]:
        return [obj.uuid]  # type: ignore[attr-defined]

    def _accessor(self, request: HttpRequest) -> Accessor | None:
        try:
            accessor = accessor_for_user(request.user)  # type: ignore[arg-type]
        except PermissionMissing:
            return None
        return accessor if accessor.may(self.activity) else None

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        accessor = self._accessor(request)
        queryset = super().get_queryset(request)
        if accessor is None:
            return queryset.none()
        return queryset.filter(**{self.provider_field: accessor.provider_id})

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._accessor(request) is not None

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._accessor(request) is not None

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._accessor(request) is not None

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # customers are created by intake and import, with their own checks

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # erasure is a data subject request, not an admin click

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, object_id)
        accessor = self._accessor(request)
        if request.method == "GET" and obj is not None and accessor is not None:
            purpose_bound(
                accessor=accessor,
                activity=self.activity,
                operation=Operation.READ,
                subjects=self.data_subjects(obj),
            )
        return response

    def save_model(self, request: HttpRequest, obj: Model, form: object, change: bool) -> None:
        accessor = self._accessor(request)
        if accessor is None:
            raise PermissionMissing("U heeft geen toestemming om klantgegevens te corrigeren.")
        super().save_model(request, obj, form, change)
        purpose_bound(
            accessor=accessor,
            activity=self.activity,
            operation=Operation.UPDATE,
            subjects=self.data_subjects(obj),
        )
