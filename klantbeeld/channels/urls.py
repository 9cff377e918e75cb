"""The channels' own endpoints under ``/kanalen/``: webhooks, raw e-mail, scans, the chat
widget and public booking pages. Each channel package brings its ``urls.py``."""

from importlib.util import find_spec

from django.urls import include, path

from klantbeeld.channels.adapters import ADAPTER_PACKAGES

# The path segment of each channel, in Dutch where citizens see it.
_SEGMENTS = {
    "email": "email",
    "whatsapp": "whatsapp",
    "webchat": "webchat",
    "phone": "telefoon",
    "letter": "brief",
    "counter": "balie",
}

urlpatterns = [
    path(f"{_SEGMENTS[package]}/", include(f"klantbeeld.channels.{package}.urls"))
    for package in ADAPTER_PACKAGES
    if find_spec(f"klantbeeld.channels.{package}")
    and find_spec(f"klantbeeld.channels.{package}.urls")
]
