from crispy_forms.helper import FormHelper


class PortalFormMixin:
    """Crispy rendering without the form tag (templates own the <form> and its buttons)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
