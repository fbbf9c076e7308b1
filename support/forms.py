from django import forms
from django.utils.translation import gettext_lazy as _

from vodokanal.uploads import upload_validate

from .models import Question

ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024


class QuestionForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), choices=Question.Topic.choices)
    text = forms.CharField(label=_("Your question"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 6}))
    attachment = forms.FileField(label=_("Attachment"), required=False,
                                 help_text=_("PDF, JPEG or PNG, up to 5 MB: a photo of a meter "
                                             "or a receipt, say."))

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            upload_validate(upload, kinds=("pdf", "jpeg", "png"), max_bytes=ATTACHMENT_MAX_BYTES)
        return upload


class FaqSearchForm(forms.Form):
    """Only for its cleaning: a NUL byte or an overlong query is simply not searched for."""

    q = forms.CharField(required=False, max_length=100)
