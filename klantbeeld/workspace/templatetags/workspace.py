"""Template helpers for accessible NL Design System form controls (WCAG 2.1: 1.3.1, 3.3.1)."""

from django import forms, template
from django.utils.safestring import SafeString

register = template.Library()

_CLASSES = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.RadioSelect: "kb-radio",
}
_TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"


@register.simple_tag
def control(field: forms.BoundField) -> SafeString:
    """The widget with Utrecht classes, its description and error linked for screen readers."""
    widget = field.field.widget
    css = next((css for kind, css in _CLASSES.items() if type(widget) is kind), _TEXTBOX)
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    attrs: dict[str, str | bool] = {"class": css}
    if field.errors:
        described.append(f"{field.auto_id}_fout")
        attrs["aria-invalid"] = "true"
        attrs["class"] = f"{css} utrecht-textbox--invalid"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def masked(value: str, visible: int = 3) -> str:
    """Show only the last digits of a BSN on screen (CV-17, AR-11)."""
    text = str(value)
    return "•" * max(len(text) - visible, 0) + text[-visible:]
