"""``/klantinteracties/api/v1/``: every path of the official spec, no trailing slashes."""

from typing import Any

from django.urls import include, path, re_path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.exceptions import NotFound
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from klantbeeld.api.base import ApiVersionHeader
from klantbeeld.api.resources import (
    actoren,
    contacts,
    identificatoren,
    onderwerpobjecten,
    parties,
    party_data,
)

router = SimpleRouter(trailing_slash=False)
router.register("partijen", parties.PartijViewSet, basename="partij")
router.register(
    "partij-identificatoren",
    identificatoren.PartijIdentificatorViewSet,
    basename="partij-identificator",
)
router.register("digitaleadressen", party_data.DigitaalAdresViewSet, basename="digitaaladres")
router.register("rekeningnummers", party_data.RekeningnummerViewSet, basename="rekeningnummer")
router.register(
    "vertegenwoordigingen", party_data.VertegenwoordigdenViewSet, basename="vertegenwoordiging"
)
router.register("categorieen", party_data.CategorieViewSet, basename="categorie")
router.register(
    "categorie-relaties", party_data.CategorieRelatieViewSet, basename="categorie-relatie"
)
router.register("klantcontacten", contacts.KlantcontactViewSet, basename="klantcontact")
router.register("betrokkenen", contacts.BetrokkeneViewSet, basename="betrokkene")
router.register(
    "onderwerpobjecten", onderwerpobjecten.OnderwerpobjectViewSet, basename="onderwerpobject"
)
router.register("bijlagen", onderwerpobjecten.BijlageViewSet, basename="bijlage")
router.register("actoren", actoren.ActorViewSet, basename="actor")
router.register(
    "actorklantcontacten", actoren.ActorKlantcontactViewSet, basename="actorklantcontact"
)
router.register("internetaken", actoren.InterneTaakViewSet, basename="internetaak")
router.register("maak-klantcontact", contacts.MaakKlantcontactViewSet, basename="maak-klantcontact")


@extend_schema(exclude=True)
class NotFoundView(ApiVersionHeader, APIView):
    """Any other path under the API answers in problem JSON, not with an HTML page."""

    authentication_classes: list[type] = []
    permission_classes: list[type] = []

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        self.args, self.kwargs, self.request = args, kwargs, self.initialize_request(request)
        self.headers = self.default_response_headers
        response = self.handle_exception(
            NotFound("Deze URL bestaat niet in de Klantinteracties API.")
        )
        self.response = self.finalize_response(self.request, response, *args, **kwargs)
        return self.response


app_name = "klantinteracties"
urlpatterns = [
    path("schema", SpectacularAPIView.as_view(), name="schema"),
    path("", include(router.urls)),
    re_path(r"^.*$", NotFoundView.as_view()),
]
