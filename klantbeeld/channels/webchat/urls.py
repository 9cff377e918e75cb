"""Web chat URLs, included under /kanalen/webchat/ (issue 5); the socket is in routing.py."""

from django.urls import path

from klantbeeld.channels.webchat import views

app_name = "webchat"

urlpatterns = [
    path("widget.js", views.widget_script, name="widget-script"),
    path("widget.css", views.widget_style, name="widget-style"),
    path("transcript", views.transcript, name="transcript"),
    path("<slug:organisation>/", views.demo, name="demo"),
]
