from decimal import Decimal

from django import forms
from django.utils.formats import localize, number_format
from django.utils.translation import gettext_lazy as _

from vodokanal.decimals import DecimalInputField

from .selectors import MeterState


class ReadingsForm(forms.Form):
    """A field for every meter that may take a reading today, and the high-use confirmation."""

    confirm_high = forms.BooleanField(
        label=_("I have checked: the readings are right, even though consumption is high"),
        required=False)

    def __init__(self, *args, states: list[MeterState], today, **kwargs):
        super().__init__(*args, **kwargs)
        self.states = states
        for state in states:
            if state.past_verification(today):
                continue
            self.fields[self.field_name(state)] = DecimalInputField(
                label=state.label, max_digits=12, decimal_places=3, min_value=Decimal(0),
                initial=state.current, help_text=_("Previous: %(value)s m³") % {
                    "value": localize(state.previous)})
        self.order_fields([*self.fields.keys() - {"confirm_high"}, "confirm_high"])

    @staticmethod
    def field_name(state: MeterState) -> str:
        return f"meter_{state.meter.pk}"

    def clean(self):
        cleaned = super().clean()
        if not any(name.startswith("meter_") for name in self.fields):
            raise forms.ValidationError(_("No meter of this account takes readings now."),
                                        code="no_meters")
        return cleaned

    def values(self) -> dict[int, Decimal]:
        return {int(name.removeprefix("meter_")): value
                for name, value in self.cleaned_data.items() if name.startswith("meter_")}

    def refuse(self, refused) -> None:
        """Put the service's reasons next to the meters they concern."""
        for meter_id, message in refused.errors.items():
            self.add_error(f"meter_{meter_id}", message)
        for meter_id, high in refused.unconfirmed.items():
            self.add_error(f"meter_{meter_id}", _high_use_message(high))


def _high_use_message(high) -> str:
    """The implied consumption in figures, so that a slipped comma shows before it counts."""
    implied = _("That is +%(consumption)s m³ this month") % {
        "consumption": _figures(high.consumption)}
    if high.usual is not None:
        implied = _("That is +%(consumption)s m³ this month against about %(usual)s m³ "
                    "a month") % {"consumption": _figures(high.consumption),
                                  "usual": _figures(high.usual, places=1)}
    return _("%(implied)s. Check the number; if it is right, tick the confirmation below "
             "and send again.") % {"implied": implied}


def _figures(volume: Decimal, places: int = 3) -> str:
    """«1 531,8»: grouped, without the trailing zeros of the three decimal places."""
    rounded = volume.quantize(Decimal(1).scaleb(-places))
    text = format(rounded, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return number_format(Decimal(text), use_l10n=True, force_grouping=True)
