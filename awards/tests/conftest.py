import datetime as dt

import pytest

from accounts.system import system_actor
from awards import catalogue as c
from awards.models import AchievementArea, EmulationTitle, RewardForm


@pytest.fixture
def cat(db):
    """The catalogue entries shipped by the data migration, by code."""
    entries = {}
    for model in (AchievementArea, RewardForm, EmulationTitle):
        entries.update({e.code: e for e in model.objects.all()})
    return entries


@pytest.fixture
def make_decision(tree, cat):
    """make_decision(**overrides) → an issued Giấy khen decision of Quận Bắc Từ Liêm, 2022."""
    from awards.services import decision_create

    def _make(by=None, **overrides):
        fields = {
            "issuer": tree["btl"],
            "issuer_title": "Ban Thường vụ Quận ủy",
            "year": 2022,
            "number": "1021-QĐ/QU",
            "date": dt.date(2022, 12, 15),
            "reward_form": cat[c.GIAY_KHEN],
            "area": cat[c.CONG_TAC_DAN_VAN],
        }
        fields.update(overrides)
        return decision_create(by=by or system_actor(), **fields)

    return _make


@pytest.fixture
def medal_decision(make_decision, cat):
    def _make(number="215-QĐ/BDVTW", **overrides):
        return make_decision(
            number=number,
            issuer_title="Ban Dân vận Trung ương",
            reward_form=cat[c.KY_NIEM_CHUONG],
            **overrides,
        )

    return _make
