"""The tariffs kept in the cache are forgotten when staff change them, and every cabinet tab
with them (the Meters tab's estimate is at the tariffs)."""

from accounts.cabinet import cabinets_changed
from vodokanal.reference_data import forgotten_on_change

from .models import Tariff

forgotten_on_change(Tariff, also=cabinets_changed)
