"""An issuing body's DOCX template is code written by users: its Jinja tags must never reach Python
(server-side template injection), neither when it is uploaded nor when a report is downloaded."""

import copy
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from docx import Document

from accounts.system import system_actor
from reports import render, services, templating
from reports.docx_builder import build

SAMPLE = copy.deepcopy(render.SAMPLE_CONTENT)

# (payload, unknown placeholders it names, "_" attributes it reaches)
PAYLOADS = [
    ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", ["cycler"], ["__globals__", "__init__"]),
    ("{{ ''.__class__.__mro__ }}", [], ["__class__", "__mro__"]),
    ("{{ self._TemplateReference__context }}", ["self"], ["_TemplateReference__context"]),
    ("{{ lipsum.__globals__ }}", ["lipsum"], ["__globals__"]),
    (
        "{% for x in ().__class__.__base__.__subclasses__() %}{{ x }}{% endfor %}",
        [],
        ["__base__", "__class__", "__subclasses__"],
    ),
    ("{{ sections|attr('__class__') }}{{ sections['__len__'] }}", [], ["__class__", "__len__"]),
]


def _template_with(tmp_path, *lines: str) -> bytes:
    """The shipped party template (so every required placeholder is there) plus ``lines``."""
    path = build("party", tmp_path / "party.docx")
    doc = Document(path)
    for line in lines:
        doc.add_paragraph(line)
    doc.save(path)
    return path.read_bytes()


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def _plant(body, data: bytes, settings, tmp_path):
    """A template that reached storage without the upload check (an old upload, a restored backup)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    target = settings.MEDIA_ROOT / "reports" / "templates" / "planted.docx"
    target.parent.mkdir(parents=True)
    target.write_bytes(data)
    type(body).objects.filter(pk=body.pk).update(template="reports/templates/planted.docx")
    body.refresh_from_db()
    return body


@pytest.mark.parametrize(("payload", "unknown", "private"), PAYLOADS)
def test_an_upload_naming_python_internals_is_refused_with_the_names_in_vietnamese(
    bodies, tmp_path, settings, payload, unknown, private
):
    settings.MEDIA_ROOT = tmp_path / "media"
    marker = tmp_path / "ran"
    data = _template_with(tmp_path, payload, "{{ cycler.__init__.__globals__.os.popen('touch %s').read() }}" % marker)
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        services.body_update(body=bodies["party"], by=system_actor(), template=SimpleUploadedFile("mau.docx", data))
    messages = " ".join(exc.value.message_dict["template"])
    assert "Mẫu dùng trường không có trong báo cáo" in messages
    assert "Mẫu truy cập thuộc tính ẩn" in messages
    for name in [*unknown, *private]:
        assert name in messages
    assert not marker.exists()  # validating did not run the template's code
    bodies["party"].refresh_from_db()
    assert not bodies["party"].template


def test_the_upload_page_lists_the_offending_names(client_as, bodies, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    state = bodies["state"]
    data = {
        "unit": state.unit_id, "kind": "state", "superior_name": "", "name": state.name, "abbreviation": "UBND",
        "place": state.place, "signer_title": "CHỦ TỊCH", "signer_name": "Trần Thị B", "recipients": "Lưu VT",
        "active": "on",
        "template": SimpleUploadedFile("mau.docx", _template_with(tmp_path, "{{ ''.__class__ }}{{ so_hieu }}")),
    }  # fmt: skip
    response = client_as("ward_head").post(reverse("reports:body_edit", args=[state.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "so_hieu" in page and "__class__" in page and "Mẫu dùng trường không có trong báo cáo" in page
    state.refresh_from_db()
    assert not state.template


@pytest.mark.parametrize(("payload", "unknown", "private"), PAYLOADS)
def test_a_planted_template_runs_no_command_when_a_report_is_rendered(
    bodies, tmp_path, settings, payload, unknown, private
):
    marker = tmp_path / "ran"
    body = _plant(
        bodies["party"],
        _template_with(tmp_path, payload, "{{ cycler.__init__.__globals__.os.popen('touch %s').read() }}" % marker),
        settings,
        tmp_path,
    )
    try:
        text = _docx_text(render.render_docx(SAMPLE, body))
    except ValidationError as exc:  # the sandbox stopped it: the message says to upload a new template
        text = " ".join(exc.messages)
    assert "uid=" not in text and "<class" not in text and "os.popen" not in text.replace(payload, "")
    assert not marker.exists()


def test_a_planted_template_that_only_reads_internals_renders_them_empty(bodies, tmp_path, settings):
    body = _plant(
        bodies["party"], _template_with(tmp_path, "A[{{ sections.__class__ }}{{ title.__doc__ }}]B"), settings, tmp_path
    )
    text = _docx_text(render.render_docx(SAMPLE, body))
    assert "A[]B" in text and "uid=" not in text


def test_downloading_a_report_with_a_planted_template_says_the_template_is_unusable(
    client_as, bodies, tree, tmp_path, settings
):
    marker = tmp_path / "ran"
    report = services.report_draft(
        by=system_actor(), kind="year", unit=tree["conhue1"], body=bodies["state"], year=2022
    )
    _plant(
        bodies["state"],
        _template_with(tmp_path, "{{ cycler.__init__.__globals__.os.popen('id; touch %s').read() }}" % marker),
        settings,
        tmp_path,
    )
    client = client_as("ward_head")
    with translation.override("vi"):
        response = client.get(reverse("reports:export", args=[report.pk, "docx"]), follow=True)
    assert b"uid=" not in response.content and not marker.exists()
    assert "Không dùng được mẫu DOCX" in response.content.decode()


def test_a_template_with_known_placeholders_is_accepted_and_filled_in(bodies, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    data = _template_with(
        tmp_path,
        "Người ký: {{ signer_name }} ({{ signer_title|lower }})",
        "{% for s in sections %}{{ loop.index }}/{{ s.heading }}{% endfor %}",
    )
    body = services.body_update(
        body=bodies["party"], by=system_actor(), template=SimpleUploadedFile("Mẫu của ban.docx", data)
    )
    assert "Mẫu" not in body.template.name and body.template.name.endswith(".docx")
    content = copy.deepcopy(SAMPLE)
    content["subtitle"] = 'Báo cáo <A & B> về "dân vận khéo"'  # XML specials must not break the document
    text = _docx_text(render.render_docx(content, body))
    signature = content["signature"]
    assert f"Người ký: {signature['name']} ({signature['title'].lower()})" in text
    assert f"1/{content['sections'][0]['heading']}" in text
    assert content["subtitle"] in text


def test_the_documented_placeholders_are_exactly_what_a_report_provides():
    assert set(render._docx_context(SAMPLE)) == templating.CONTEXT_NAMES


def test_the_sandbox_refuses_huge_repetition():
    env = templating.environment()
    with pytest.raises(templating.SecurityError):
        env.from_string("{{ 'x' * 1000000000 }}").render()
    assert env.from_string("{{ 'ab' * 3 }}").render() == "ababab"
