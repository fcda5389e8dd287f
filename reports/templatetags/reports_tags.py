from django import template

from reports.appendix import cell_text

register = template.Library()


@register.filter
def cell(value):
    """An appendix cell: figures with Vietnamese separators (1.500), text as is."""
    return cell_text(value)


@register.filter
def text_rows(text, minimum=3):
    """Rows for a section's text area: enough to show the text without scrolling, at most 24."""
    text = text or ""
    lines = sum(1 + len(line) // 95 for line in text.split("\n"))
    return max(int(minimum), min(24, lines + 1))
