"""A form with errors starts with a summary linking to each wrong field, and each wrong field is
marked invalid and described by its message (for screen readers)."""

import re

from django.urls import reverse


def test_a_refused_form_lists_its_errors_at_the_top_linking_to_the_fields(tree, client_as):
    url = reverse("orgunits:edit", args=[tree["dongngac"].pk])
    response = client_as("admin").post(url, {"name": "", "unit_type": "commune", "valid_from": "31/02/2025"})
    html = response.content.decode()
    summary = re.search(r'<div class="alert alert-danger error-summary".*?</div>', html, re.S).group(0)
    assert 'href="#id_name"' in summary and 'href="#id_valid_from"' in summary
    assert html.index("error-summary") < html.index('name="name"')  # the summary comes first
    field = re.search(r"<input[^>]*name=\"name\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in field and 'aria-describedby="id_name_error"' in field
    assert 'id="id_name_error"' in html


def test_a_valid_form_shows_no_summary(tree, client_as):
    response = client_as("admin").get(reverse("orgunits:edit", args=[tree["dongngac"].pk]))
    assert "error-summary" not in response.content.decode()
