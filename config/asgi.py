"""ASGI entry point: HTTP to Django, WebSockets to the web chat (issue 5).

Run with daphne (``daphne config.asgi:application``; ``runserver`` does so because daphne is
an installed app). Django is set up before the consumers are imported, as Channels requires.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from klantbeeld.channels.webchat.routing import websocket_urlpatterns  # noqa: E402

if settings.KLANTBEELD_ASSISTANT_WARM_UP:
    # By name: the web chat's tests import this module, and channels sits below the assistant.
    import_string("klantbeeld.assistant.versions.triage_models_warm_in_background")()

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
