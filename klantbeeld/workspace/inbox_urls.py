"""Inbox pages, included by workspace/urls.py under ``inbox/``; names start ``inbox_``."""

from django.urls import path

from klantbeeld.workspace import inbox_views, language_views

urlpatterns = [
    path("", inbox_views.inbox_home, name="inbox_home"),
    path("taalcheck/", language_views.plain_language, name="inbox_plain_language"),
    path("werk/<uuid:item_uuid>/", inbox_views.inbox_item, name="inbox_item"),
    path("werk/<uuid:item_uuid>/oppakken/", inbox_views.inbox_claim, name="inbox_claim"),
    path("werk/<uuid:item_uuid>/teruggeven/", inbox_views.inbox_release, name="inbox_release"),
    path("werk/<uuid:item_uuid>/toewijzen/", inbox_views.inbox_assign, name="inbox_assign"),
    path("werk/<uuid:item_uuid>/overdragen/", inbox_views.inbox_transfer, name="inbox_transfer"),
    path("werk/<uuid:item_uuid>/notitie/", inbox_views.inbox_note, name="inbox_note"),
    path("werk/<uuid:item_uuid>/antwoorden/", inbox_views.inbox_reply, name="inbox_reply"),
    path("werk/<uuid:item_uuid>/klant/", inbox_views.inbox_identify, name="inbox_identify"),
    path("werk/<uuid:item_uuid>/afhandelen/", inbox_views.inbox_resolve, name="inbox_resolve"),
]
