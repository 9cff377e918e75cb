"""``/kanalen/whatsapp/``: the Cloud API webhook (subscription handshake and notifications)."""

from django.urls import path

from klantbeeld.channels.whatsapp import views

app_name = "whatsapp"

urlpatterns = [
    path("webhook", views.webhook, name="webhook"),
]
