"""Forms: sign-in (GOV.UK field classes) and an analyst's target."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(
            {"class": "govuk-input govuk-!-width-one-half", "autocomplete": "username"}
        )
        self.fields["password"].widget.attrs.update(
            {"class": "govuk-input govuk-!-width-one-half", "autocomplete": "current-password"}
        )


class TargetForm(forms.Form):
    indicator_id = forms.CharField(max_length=64, widget=forms.HiddenInput)
    financial_year = forms.CharField(max_length=7)
    value = forms.FloatField(
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-5", "step": "any"})
    )
    tolerance = forms.FloatField(
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(
            attrs={"class": "govuk-input govuk-input--width-3", "step": "any"}
        ),
        help_text="Amber band, as a percentage of the target (blank: the catalogue's).",
    )
    reason = forms.CharField(
        required=False, max_length=500, widget=forms.TextInput(attrs={"class": "govuk-input"})
    )

    def clean_financial_year(self) -> str:
        fy = str(self.cleaned_data["financial_year"]).strip()
        m = re.fullmatch(r"(\d{4})-(\d{2})", fy)
        if not m or int(m[2]) != (int(m[1]) + 1) % 100:
            raise forms.ValidationError("Write the financial year as 2021-22.")
        return fy
