from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from billing.money import volume_figures
from vodokanal.decimals import DecimalInputField

from .selectors import MeterState


class ReadingConfirmation(forms.CheckboxInput):
    """Ticked, it sends the reading it confirms: a reading changed afterwards is asked
    about again, with its own figures."""

    def __init__(self, value: Decimal):
        super().__init__(attrs={"value": str(value)}, check_test=lambda ticked: False)


class ReadingsForm(forms.Form):
    """A field for every meter that may take a reading today, in the meters' own order (cold,
    then hot, as the table lists them). Any of them may be left empty: a broken meter's
    neighbour is sent alone. A reading the service finds high gets a box of its own, under
    it, to confirm that very reading (refuse)."""

    def __init__(self, *args, states: list[MeterState], today, **kwargs):
        super().__init__(*args, **kwargs)
        self.states = states
        for state in states:
            if state.past_verification(today):
                continue
            self.fields[self.field_name(state.meter.pk)] = DecimalInputField(
                label=state.label, max_digits=12, decimal_places=3, min_value=Decimal(0),
                required=False, initial=state.current,
                help_text=_("Previous: %(value)s m³") % {
                    "value": volume_figures(state.previous)})
        self.impossible: list[MeterState] = []

    @staticmethod
    def field_name(meter_id: int) -> str:
        return f"meter_{meter_id}"

    def clean(self):
        cleaned = super().clean()
        if not any(name.startswith("meter_") for name in self.fields):
            raise forms.ValidationError(_("No meter of this account takes readings now."),
                                        code="no_meters")
        if not self.errors and not self.values():
            raise forms.ValidationError(_("Enter the reading of at least one meter."),
                                        code="no_readings")
        return cleaned

    def values(self) -> dict[int, Decimal]:
        return {int(name.removeprefix("meter_")): value
                for name, value in self.cleaned_data.items()
                if name.startswith("meter_") and value is not None}

    def confirmed(self) -> set[int]:
        """The meters whose box confirms the very reading sent now."""
        return {meter_id for meter_id, value in self.values().items()
                if _same(self.data.get(f"confirm_{meter_id}"), value)}

    def refuse(self, refused) -> None:
        """Put the service's reasons next to the meters they concern, and a box to confirm
        under each high one."""
        sent = self.values()  # before add_error takes the refused ones out
        for meter_id, message in refused.errors.items():
            self.add_error(self.field_name(meter_id), message)
        self.impossible = [state for state in self.states if state.meter.pk in refused.impossible]
        for meter_id, high in refused.unconfirmed.items():
            self.add_error(self.field_name(meter_id), _(
                "%(implied)s. Check the number; if it is right, tick the box under it and "
                "send again.") % {"implied": high.text()})
            self._confirmation_add(meter_id, sent[meter_id])

    def _confirmation_add(self, meter_id: int, value: Decimal) -> None:
        name, after = f"confirm_{meter_id}", self.field_name(meter_id)
        self.fields[name] = forms.BooleanField(
            required=False, widget=ReadingConfirmation(value),
            label=_("I have checked: the reading is right, even though consumption is high"))
        order = [field for field in self.fields if field != name]
        order.insert(order.index(after) + 1, name)
        self.order_fields(order)


def _same(confirmed: str | None, value: Decimal) -> bool:
    try:
        return confirmed is not None and Decimal(confirmed) == value
    except InvalidOperation:
        return False


class CompanyReadingsUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File of readings (CSV)"),
        help_text=_("The form above, filled in: the «value» column for each meter read, 1 in "
                    "«high_confirmed» for a high reading you have checked. Up to 1 MB."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 1 MB."), code="too_large")
        return upload
