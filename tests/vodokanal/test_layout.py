"""The base layout: Russian first, English works, header entries, security headers."""

import re

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_page_speaks_russian_and_offers_three_logins(client):
    response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="ru">' in page
    assert "Личный кабинет абонента" in page
    assert "290-72-90" in page
    assert 'href="tel:+73832907290"' in page
    for name in ("accounts:login", "accounts:login_legal", "accounts:login_management"):
        assert f'href="{reverse(name)}"' in page
    assert "Физическим лицам" in page
    assert "Юридическим лицам" in page
    assert "Управляющим компаниям" in page


@pytest.mark.django_db
def test_english_locale_works(client):
    response = client.get("/", headers={"accept-language": "en"})

    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Customer portal" in page
    assert "Management companies" in page


@pytest.mark.django_db
def test_language_can_be_switched_from_the_footer(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)

    assert '<html lang="en">' in response.content.decode()


@pytest.mark.django_db
def test_no_asset_comes_from_another_site(client):
    page = client.get("/").content.decode()

    assets = re.findall(r'<(?:link|script|img)[^>]+(?:href|src)="([^"]+)"', page)
    assert assets
    assert all(url.startswith("/static/") or url == "/manifest.webmanifest"
               for url in assets), assets


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["accounts:login", "accounts:login_legal",
                                      "accounts:login_management", "accounts:register",
                                      "accounts:recovery"])
def test_a_fields_help_is_where_its_aria_describedby_points(client, url_name):
    """Django points a field with help at "<id>_helptext"; form_fields.html must give the
    help that id, or a screen reader has nothing to read."""
    page = client.get(reverse(url_name)).content.decode()

    for element_id in re.findall(r'aria-describedby="([^"]+)"', page):
        assert f'id="{element_id}"' in page, element_id


def test_motion_stops_for_those_who_asked_for_less():
    from pathlib import Path

    from django.contrib.staticfiles import finders

    stylesheet = Path(finders.find("css/site.css")).read_text(encoding="utf-8")

    assert "@media (prefers-reduced-motion: reduce)" in stylesheet
    assert "animation: none !important; transition: none !important" in stylesheet
