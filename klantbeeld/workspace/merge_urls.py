"""Merge pages, included by workspace/urls.py under ``samenvoegen/``; names start ``merge_``."""

from django.urls import path

from klantbeeld.workspace import merge_views

urlpatterns = [
    path("", merge_views.merge_home, name="merge_home"),
    path("klant/<uuid:party_uuid>/", merge_views.merge_start, name="merge_start"),
    path(
        "klant/<uuid:party_uuid>/met/<uuid:other_uuid>/",
        merge_views.merge_confirm,
        name="merge_confirm",
    ),
    path("<uuid:merge_uuid>/ongedaan-maken/", merge_views.merge_undo, name="merge_undo"),
]
