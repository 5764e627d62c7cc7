from __future__ import annotations

import re

import pytest

from stopalprs.lawmakers.models import CustomTarget
from stopalprs.signatures.models import Signature

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_94110_names_the_member_for_ca_11_and_both_senators(client, campaign, alice):
    response = client.post("/c/stop-alprs/", alice, follow=True)
    html = text(response)
    assert "Rep. Nancy Pelosi" in html and "U.S. House, CA-11" in html
    assert "Sen. Alex Padilla" in html and "Sen. Adam B. Schiff" in html
    assert 'href="tel:202-225-4965"' in html
    assert "https://pelosi.house.gov" in html
    assert "https://www.padilla.senate.gov/contact" in html
    assert "What to say on the phone" in html and "ZIP code 94110" in html
    assert campaign.ask in html


def test_the_confirmation_page_names_them_too(client, campaign, alice, outbox, tasks):
    from stopalprs.signatures.tests.helpers import confirm_path

    client.post("/c/stop-alprs/", alice)
    tasks()
    html = text(client.post(confirm_path(outbox[0].body), follow=True))
    assert "Your signature is confirmed" in html and "Rep. Nancy Pelosi" in html


def test_a_split_zip_asks_which_district_as_a_question_and_keeps_the_values(
    client, campaign, alice
):
    response = client.post("/c/stop-alprs/", {**alice, "zip_code": "90004"})
    assert response.status_code == 200
    html = text(response)
    assert "more than one congressional district" in html
    assert 'type="radio" name="district" value="CA-30"' in html
    assert "<legend>Your ZIP code is in more than one" in html
    assert "One more question" in html
    # a question, not an error: no error box, no error styling, no doubled punctuation
    assert "Please fix the following" not in html and "has-error" not in html
    assert "?:" not in html
    assert "CA-30 (Rep. Laura Friedman)" in html
    assert 'value="CA-34"' in html and 'value="Alice"' in html
    assert 'value="unsure"' in html and "I&#x27;m not sure" in html
    assert not Signature.objects.exists()
    response = client.post("/c/stop-alprs/", {**alice, "zip_code": "90004", "district": "CA-34"})
    assert response.status_code == 302
    assert Signature.objects.get().district == "CA-34"


def test_a_signer_not_sure_of_their_district_counts_for_the_senators_only(client, campaign, alice):
    response = client.post(
        "/c/stop-alprs/", {**alice, "zip_code": "90004", "district": "unsure"}, follow=True
    )
    signature = Signature.objects.get()
    assert (signature.state, signature.district) == ("CA", "")
    html = text(response)
    assert "Sen. Alex Padilla" in html and "Rep." not in html


def test_a_district_outside_the_zip_is_refused(client, campaign, alice):
    response = client.post("/c/stop-alprs/", {**alice, "zip_code": "90004", "district": "CA-11"})
    assert response.status_code == 400
    assert not Signature.objects.exists()


def test_a_district_left_over_from_another_zip_is_ignored(client, campaign, alice):
    response = client.post("/c/stop-alprs/", {**alice, "district": "CA-34"})
    assert response.status_code == 302
    assert Signature.objects.get().district == "CA-11"


def test_military_mail_asks_for_the_state(client, campaign, alice):
    response = client.post("/c/stop-alprs/", {**alice, "zip_code": "09001"})
    assert response.status_code == 200
    assert "Which state do you vote in?" in text(response)
    assert not Signature.objects.exists()
    response = client.post(
        "/c/stop-alprs/", {**alice, "zip_code": "09001", "home_state": "NY"}, follow=True
    )
    signature = Signature.objects.get()
    assert (signature.state, signature.district, signature.zip_code) == ("NY", "", "09001")
    html = text(response)
    assert "Sen. Charles E. Schumer" in html and "Sen. Kirsten E. Gillibrand" in html
    assert "Rep." not in html


@pytest.mark.parametrize("prefix,thanks", [("", "Thank you"), ("/es", "Gracias")])
@pytest.mark.parametrize("military_zip", ["09001", "96201", "34002"])  # APO, FPO, DPO
def test_military_zips_sign_through_the_form_the_page_renders(
    client, campaign, alice, military_zip, prefix, thanks
):
    email = f"m{military_zip}@example.org"
    data = {**alice, "zip_code": military_zip, "email": email}
    page = client.post(f"{prefix}/c/stop-alprs/", data)
    assert page.status_code == 200
    html = page.content.decode()
    select = re.search(r'<select name="home_state"[^>]*>(.*?)</select>', html, re.S)
    assert select, "the page asks for the state with a select"
    options = re.findall(r'<option value="([A-Z]{2})"', select.group(1))
    assert len(options) == 56 and "TX" in options  # 50 states, DC and the five territories
    response = client.post(f"{prefix}/c/stop-alprs/", {**data, "home_state": "TX"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(f"{prefix}/c/stop-alprs/thanks/")
    assert thanks in response.content.decode()
    assert Signature.objects.get().state == "TX"


def test_a_territory_has_its_delegate_and_no_senators(client, campaign, alice):
    html = text(client.post("/c/stop-alprs/", {**alice, "zip_code": "96910"}, follow=True))
    assert "Rep. James C. Moylan" in html and "Sen." not in html


def test_a_vacant_seat_is_said_to_be_vacant(client, campaign, alice):
    html = text(client.get("/c/stop-alprs/thanks/?zip=94514&state=CA&district=CA-14"))
    assert "CA-14: the seat is vacant right now." in html


def test_the_state_legislature_gets_a_link_to_its_own_site(client, campaign, alice):
    html = text(client.post("/c/stop-alprs/", alice, follow=True))
    assert "Find your state legislators" in html
    assert re.search(r'href="https://[a-z.]*(ca\.gov|legislature)[a-z./]*"', html)


def test_target_sets_follow_the_campaign(client, make_campaign, alice):
    c = make_campaign(target_house=False, target_state_legislature=False)
    html = text(client.post(f"/c/{c.slug}/", alice, follow=True))
    assert "Nancy Pelosi" not in html and "Alex Padilla" in html
    assert "Find your state legislators" not in html


def test_custom_local_targets_cover_their_zips_or_city(client, campaign, alice):
    CustomTarget.objects.create(
        campaign=campaign,
        name="San Francisco Board of Supervisors",
        office="City council",
        email="board@example.gov",
        city="San Francisco",
        state="CA",
    )
    CustomTarget.objects.create(
        campaign=campaign,
        name="Oakland Police Commission",
        office="Police oversight",
        zip_codes="94601 94602",
    )
    html = text(client.post("/c/stop-alprs/", alice, follow=True))
    assert "San Francisco Board of Supervisors" in html
    assert "mailto:board@example.gov" in html
    assert "Oakland Police Commission" not in html


def test_tampered_queries_show_no_lawmakers_and_no_error(client, campaign):
    for query in ("zip=00000&state=CA", "zip=94110&state=ZZ", "zip=<script>&state=CA", ""):
        response = client.get(f"/c/stop-alprs/thanks/?{query}")
        assert response.status_code == 200
        assert "Your lawmakers" not in response.content.decode()
    html = client.get("/c/stop-alprs/thanks/?zip=94110&state=CA&district=NY-1").content.decode()
    assert "Nancy Pelosi" not in html and "Alex Padilla" in html  # district ignored, not trusted
