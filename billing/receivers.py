"""The tariffs kept in memory are forgotten when staff change them."""

from vodokanal.reference_data import forgotten_on_change

from .models import Tariff

forgotten_on_change(Tariff)
