"""``/klantinteracties/api/v1/``: every path of the official spec, no trailing slashes."""

from typing import Any

from django.urls import include, path, re_path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.routers import SimpleRouter

from klantbeeld.api.resources import contacts, parties

router = SimpleRouter(trailing_slash=False)
router.register("partijen", parties.PartijViewSet, basename="partij")
router.register(
    "partij-identificatoren", parties.PartijIdentificatorViewSet, basename="partij-identificator"
)
router.register("digitaleadressen", parties.DigitaalAdresViewSet, basename="digitaaladres")
router.register("rekeningnummers", parties.RekeningnummerViewSet, basename="rekeningnummer")
router.register(
    "vertegenwoordigingen", parties.VertegenwoordigdenViewSet, basename="vertegenwoordiging"
)
router.register("categorieen", parties.CategorieViewSet, basename="categorie")
router.register("categorie-relaties", parties.CategorieRelatieViewSet, basename="categorie-relatie")
router.register("klantcontacten", contacts.KlantcontactViewSet, basename="klantcontact")
router.register("betrokkenen", contacts.BetrokkeneViewSet, basename="betrokkene")
router.register("onderwerpobjecten", contacts.OnderwerpobjectViewSet, basename="onderwerpobject")
router.register("bijlagen", contacts.BijlageViewSet, basename="bijlage")
router.register("actoren", contacts.ActorViewSet, basename="actor")
router.register(
    "actorklantcontacten", contacts.ActorKlantcontactViewSet, basename="actorklantcontact"
)
router.register("internetaken", contacts.InterneTaakViewSet, basename="internetaak")
router.register("maak-klantcontact", contacts.MaakKlantcontactViewSet, basename="maak-klantcontact")


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@authentication_classes([])
@permission_classes([])
def not_found(request: Request, *args: Any, **kwargs: Any) -> Any:
    """Any other path under the API answers in problem JSON, not with an HTML page."""
    raise NotFound("Deze URL bestaat niet in de Klantinteracties API.")


app_name = "klantinteracties"
urlpatterns = [
    path("schema", SpectacularAPIView.as_view(), name="schema"),
    path("", include(router.urls)),
    re_path(r"^.*$", not_found),
]
