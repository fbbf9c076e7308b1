"""`{{ field|described }}`: a form field's widget whose aria-describedby names its help and
its errors (templates/form_fields.html gives them those ids), so a screen reader reads them
with the field. Django marks a field with errors aria-invalid itself."""

from django import template

register = template.Library()


@register.filter
def described(field):
    ids = [f"{field.auto_id}_helptext"] if field.help_text else []
    ids += [f"{field.auto_id}_error{number}" for number in range(len(field.errors))]
    return field.as_widget(attrs={"aria-describedby": " ".join(ids)} if ids else None)
