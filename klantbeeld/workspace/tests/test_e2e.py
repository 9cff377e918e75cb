"""An employee in a real browser: log in, find a customer, read the timeline, register a call.

Debian's Chromium through Playwright; axe-core checks WCAG 2.1 A and AA on every page.
"""

from datetime import timedelta
from io import StringIO

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Page, expect

from klantbeeld.contacts.models import Actor, ContactMoment
from klantbeeld.core import clock
from klantbeeld.privacy.constants import Activity, Operation
from klantbeeld.privacy.selectors import accessor_for_user
from klantbeeld.privacy.services import purpose_bound
from tests.factories import PASSWORD, address_for, bsn_for, case_for, contact_moments_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def assert_accessible(page: Page) -> None:
    results = Axe().run(page, options=WCAG)
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def story(party, front_office, topic):
    actor = Actor.objects.get(user=front_office)
    bsn_for(party, "111222333")
    address_for(party, "3511 AB", 12)
    case_for(party, goal="Verhuizing doorgeven")
    moments = contact_moments_for(party, 23, actor=actor, topic=topic)
    moments[0].subject = "Verhuizing: nieuwe sleutel opgehaald"
    moments[0].occurred_at = clock.now() - timedelta(minutes=30)
    moments[0].save()
    return party


def _login(page: Page, live_server, username="kcc"):
    page.goto(f"{live_server.url}/inloggen/")
    assert_accessible(page)
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_an_employee_finds_a_customer_and_reads_the_timeline(page: Page, live_server, story):
    # given
    _login(page, live_server)
    expect(page.get_by_role("heading", name="Klant zoeken")).to_be_visible()
    assert_accessible(page)

    # when: search by name
    page.get_by_label("Zoek een klant").fill("el Amrani")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("link", name="Fatima el Amrani")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Fatima el Amrani").click()

    # then: the integrated view, newest contact first, BSN masked
    expect(page.get_by_role("heading", name="Fatima el Amrani", level=1)).to_be_visible()
    expect(page.locator(".kb-timeline__item").first).to_contain_text(
        "Verhuizing: nieuwe sleutel opgehaald"
    )
    expect(page.get_by_text("••••••333")).to_be_visible()
    expect(page.get_by_text("Verhuizing doorgeven")).to_be_visible()
    assert_accessible(page)

    # when: filter the timeline on letters (htmx swaps only the timeline)
    page.get_by_label("Kanaal").select_option("brief")
    expect(page.locator("#tijdlijn .kb-badge--channel")).to_have_count(3)
    for badge in page.locator("#tijdlijn .kb-badge--channel").all():
        expect(badge).to_have_text("Brief")

    # when: page to older contacts without a filter
    page.get_by_label("Kanaal").select_option("")
    page.get_by_role("link", name="Ouder").click()
    expect(page.locator("#tijdlijn")).to_contain_text("Pagina 2 van 2")


def test_an_employee_registers_a_phone_call_with_an_agreement(page: Page, live_server, story):
    # given
    _login(page, live_server)
    page.goto(f"{live_server.url}/workspace/klant/{story.uuid}/contact/")
    assert_accessible(page)

    # when
    page.get_by_label("Waar ging het over?").fill("Vraag over de verhuisdatum")
    page.get_by_label("Samenvatting").fill("Mevrouw vroeg of 1 december klopt. Bevestigd.")
    page.locator("#id_afspraak-0-requested_action").fill("Bevestiging per e-mail sturen")
    page.locator("#id_afspraak-0-assigned_to").select_option(index=1)
    page.get_by_role("button", name="Contact vastleggen").click()

    # then
    expect(page.get_by_text("Het contact is vastgelegd")).to_be_visible()
    expect(page.locator(".kb-timeline__item").first).to_contain_text("Vraag over de verhuisdatum")
    expect(page.get_by_text("Bevestiging per e-mail sturen").first).to_be_visible()
    assert ContactMoment.objects.filter(subject="Vraag over de verhuisdatum").count() == 1


def test_a_form_error_is_announced_and_linked_to_its_field(page: Page, live_server, story):
    # given
    _login(page, live_server)
    page.goto(f"{live_server.url}/workspace/klant/{story.uuid}/contact/")

    # when: submit without a subject
    page.get_by_role("button", name="Contact vastleggen").click()

    # then
    expect(page.get_by_role("alert")).to_contain_text("nog niet vastgelegd")
    subject = page.get_by_label("Waar ging het over?")
    expect(subject).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_a_demo_employee_reads_a_demo_persons_story(page: Page, live_server):
    # given: the demo organisation as `make demo` builds it (few background people, all stories)
    call_command("demo", profile="gemeente", people=3, stdout=StringIO())

    # when
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("kcc.gemeente")
    page.get_by_label("Wachtwoord").fill("demo-klantbeeld")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_label("Zoek een klant").fill("Verbeek")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Johanna Verbeek").click()

    # then: the bereavement story, with its named owner and personal handling
    expect(page.locator("#tijdlijn")).to_contain_text("Overlijden van haar man")
    expect(page.get_by_text("persoonlijke behandeling").first).to_be_visible()
    assert_accessible(page)


def test_the_privacy_officer_audits_who_looked_at_a_customer(
    page: Page, live_server, story, privacy_officer
):
    # given: a colleague opened the customer's file earlier
    purpose_bound(
        accessor=accessor_for_user(Actor.objects.get(user__username="kcc").user),
        activity=Activity.CUSTOMER_VIEW,
        operation=Operation.READ,
        subjects=[story.uuid],
    )
    _login(page, live_server, username="fg")

    # then: the register is the officer's landing page
    expect(page.get_by_role("heading", name="Verwerkingsregister")).to_be_visible()
    assert_accessible(page)

    # when
    page.get_by_role("link", name="Logboek", exact=True).click()
    page.get_by_label("Klant").fill(story.number)
    page.get_by_role("button", name="Zoeken").click()

    # then: the colleague's view is listed, and the page is accessible
    expect(page.locator("table")).to_contain_text("Klantbeeld inzien om de klant te helpen")
    assert_accessible(page)

    # when: the customer asks what is held about her
    page.get_by_role("link", name="Verzoeken van klanten").click()
    page.get_by_label("BSN of klantnummer van de verzoeker").fill("111222333")
    page.get_by_role("button", name="Opzoeken").click()

    # then
    expect(page.get_by_role("heading", name="Uw contacten met ons")).to_be_visible()
    assert_accessible(page)
