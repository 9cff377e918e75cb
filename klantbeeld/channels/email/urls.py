"""Included by ``klantbeeld/channels/urls.py`` under ``/kanalen/email/``."""

from django.urls import path

from klantbeeld.channels.email import views

app_name = "email"

urlpatterns = [
    path("<uuid:account_uuid>/raw", views.raw_receive, name="raw"),
]
