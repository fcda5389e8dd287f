from initiatives.tests.conftest import _media, fields, make_initiative  # noqa: F401
