"""Codes of the catalogue entries shipped by migration 0002 (names stay editable by administrators).
Reports and tests refer to entries by these codes, never by their names."""

# Areas of achievement
DAN_VAN_KHEO = "dan-van-kheo"
QCDC = "qcdc"
DAN_VAN_CHINH_QUYEN = "dan-van-chinh-quyen"
TON_GIAO = "ton-giao"
CONG_TAC_DAN_VAN = "cong-tac-dan-van"

# Forms of reward
GIAY_KHEN = "giay-khen"
BANG_KHEN = "bang-khen"
KY_NIEM_CHUONG = "ky-niem-chuong-dan-van"
CO_THI_DUA = "co-thi-dua"

# Emulation titles
TAP_THE_LAO_DONG_XUAT_SAC = "tap-the-lao-dong-xuat-sac"
TAP_THE_LAO_DONG_TIEN_TIEN = "tap-the-lao-dong-tien-tien"
CHIEN_SI_THI_DUA_CO_SO = "chien-si-thi-dua-co-so"
LAO_DONG_TIEN_TIEN = "lao-dong-tien-tien"

# Commendations (RewardForm.kind == "commendation"), shipped by migration 0005
BIEU_DUONG = "bieu-duong"
TUYEN_DUONG = "tuyen-duong"
