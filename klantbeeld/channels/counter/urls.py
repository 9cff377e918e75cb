"""The counter's public pages, included under /kanalen/balie/ (issue 5; BAL-02)."""

from django.urls import path

from klantbeeld.channels.counter import views

app_name = "balie"

urlpatterns = [
    path("<slug:provider_code>/afspraak/", views.book, name="book"),
    path("<slug:provider_code>/afspraak/annuleren/", views.cancel, name="cancel"),
    path(
        "<slug:provider_code>/afspraak/<uuid:appointment_uuid>/",
        views.confirmation,
        name="confirmation",
    ),
]
