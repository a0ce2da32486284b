from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

MAX_ID = 2**63 - 1  # the largest id a database integer column holds
# The most a free-text field takes when neither its form nor its model sets a bound: a
# textarea's maxlength is only a hint to the browser, the server refuses more.
TEXT_MAX_LENGTH = 2000


def _is_bounded_id(value) -> bool:
    try:
        return abs(int(str(value).strip())) <= MAX_ID
    except (TypeError, ValueError):
        return True  # not an integer: the field's own check answers


def bound_model_choices(form) -> None:
    """Refuse an id beyond the database's integer range as an invalid choice. Without this a
    model choice field sends it to the database, where SQLite raises OverflowError (a 500)
    instead of finding nothing."""
    for field in form.fields.values():
        if not isinstance(field, forms.ModelChoiceField) or field.to_field_name not in (
                None, "pk", "id"):
            continue

        def clean(value, field=field, original=field.clean):
            values = value if isinstance(value, list | tuple) else [value]
            for item in values:
                if item not in field.empty_values and not _is_bounded_id(item):
                    raise ValidationError(field.error_messages["invalid_choice"],
                                          code="invalid_choice", params={"value": item})
            return original(value)

        field.clean = clean


def bound_text_fields(form, limit: int = TEXT_MAX_LENGTH) -> None:
    """Give every text field without a maximum length one (`TEXT_MAX_LENGTH`), checked on
    the server: a 200,000-character comment is a form error, not a stored row."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and field.max_length is None:
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))
            field.widget.attrs.setdefault("maxlength", str(limit))


class PortalFormMixin:
    """Crispy rendering without the form tag (templates own the <form> and its buttons);
    ids out of the database's range refused (`bound_model_choices`); every free text
    bounded (`bound_text_fields`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        bound_model_choices(self)
        bound_text_fields(self)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleUploadField(forms.FileField):
    """Several files in one input (photos of a report or a meeting), each checked by
    ``validator`` (see `portal.uploads`); a refusal names the file it is about."""

    def __init__(self, *args, validator, accept: str, **kwargs):
        self.validator = validator
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        items = data if isinstance(data, list | tuple) else [data]
        uploads = [single(item, initial) for item in items]
        for upload in uploads:
            try:
                self.validator(upload)
            except ValidationError as error:
                raise ValidationError(
                    [f"{upload.name}: {message}" for message in error.messages]) from error
        return uploads

