"""Password rules speak Vietnamese: Django's own Vietnamese catalogue lacks some of today's messages."""

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError
from django.utils import translation


@pytest.mark.parametrize("password", ["12", "12345678", "password"])
def test_every_password_rule_message_is_vietnamese(password):
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        validate_password(password)
    for message in exc.value.messages:
        assert "password" not in message.lower(), message
        assert "Mật khẩu" in message


def test_the_password_help_texts_are_vietnamese():
    with translation.override("vi"):
        texts = password_validators_help_texts()
    assert texts and all("password" not in t.lower() for t in texts)
