"""The phone channel's endpoints, included under /kanalen/telefoon/ (issue 5)."""

from django.urls import path

from klantbeeld.channels.phone import views

app_name = "telefoon"

urlpatterns = [
    path("cti", views.cti_webhook, name="cti"),
]
