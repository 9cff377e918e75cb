"""The letter channel's endpoints, included by ``klantbeeld/channels/urls.py`` under
``/kanalen/brief/``."""

from django.urls import path

from klantbeeld.channels.letter import views

app_name = "letter"

urlpatterns = [
    path("<uuid:account_uuid>/scan", views.scan_upload, name="scan"),
]
