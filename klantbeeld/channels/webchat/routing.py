"""WebSocket routes of the web chat (issue 5); config/asgi.py mounts them."""

from django.urls import path

from klantbeeld.channels.webchat.consumers import WebChatConsumer

websocket_urlpatterns = [
    path("kanalen/webchat/ws/<slug:organisation>/", WebChatConsumer.as_asgi()),
]
