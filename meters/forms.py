from decimal import Decimal

from django import forms
from django.utils.formats import localize
from django.utils.translation import gettext_lazy as _

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
            self.fields[self.field_name(state)] = forms.DecimalField(
                label=state.label, max_digits=12, decimal_places=3, min_value=Decimal(0),
                initial=state.current, help_text=_("Previous: %(value)s m³") % {
                    "value": localize(state.previous)},
                widget=forms.NumberInput(attrs={"step": "0.001", "inputmode": "decimal"}))
        self.order_fields([*self.fields.keys() - {"confirm_high"}, "confirm_high"])

    @staticmethod
    def field_name(state: MeterState) -> str:
        return f"meter_{state.meter.pk}"

    def values(self) -> dict[int, Decimal]:
        return {int(name.removeprefix("meter_")): value
                for name, value in self.cleaned_data.items() if name.startswith("meter_")}

    def refuse(self, refused) -> None:
        """Put the service's reasons next to the meters they concern."""
        for meter_id, message in refused.errors.items():
            self.add_error(f"meter_{meter_id}", message)
        for meter_id in refused.unconfirmed:
            self.add_error(f"meter_{meter_id}", _(
                "This is more than usual for a month. Check the number; if it is right, tick "
                "the confirmation below and send again."))
