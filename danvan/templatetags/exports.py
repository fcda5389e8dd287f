"""``{% export_buttons "app:url_name" %}``: "Xuất Excel" / "Xuất CSV" links carrying the page's
current filters (its query string without ``page``)."""

from django import template
from django.urls import reverse

from webkit.exports import query_without

register = template.Library()


@register.inclusion_tag("includes/export_buttons.html", takes_context=True)
def export_buttons(context, url_name, *args, label=""):
    request = context["request"]
    base = reverse(url_name, args=args)
    query = query_without(request)
    suffix = f"&{query}" if query else ""
    return {
        "xlsx_url": f"{base}?format=xlsx{suffix}",
        "csv_url": f"{base}?format=csv{suffix}",
        "label": label,
        "testid": url_name.replace(":", "-"),
    }
