import pytest

from engine.privacy import scrub


@pytest.mark.parametrize("raw, expected", [
    ("gọi em 0912345678 nhé", "gọi em [số điện thoại] nhé"),
    ("sđt 0912 345 678", "sđt [số điện thoại]"),
    ("số 0912.345.678", "số [số điện thoại]"),
    ("+84 912 345 678 là số của tôi", "[số điện thoại] là số của tôi"),
    ("email: lan.nguyen+ld@congdoan.org.vn", "email: [email]"),
    ("CMND 123456789", "CMND [số định danh]"),
    ("CCCD 001203004567", "CCCD [số định danh]"),
    ("mã số BHXH 7912345678", "mã số BHXH [số định danh]"),
    ("Tôi là Nguyễn Văn An, công nhân", "Tôi là [tên], công nhân"),
    ("em tên Lan làm ở KCN", "em tên [tên] làm ở KCN"),
    ("tên tôi là Trần Thị Bích", "tên tôi là [tên]"),
    ("toi ten la nguyen van an", "toi ten la [tên]"),
])
def test_personal_data_is_removed(raw, expected):
    assert scrub(raw) == expected


@pytest.mark.parametrize("kept", [
    "lương 5.310.000 đồng/tháng", "tôi là công nhân may", "nghỉ 12 ngày năm 2023",
    "ngày 01/07/2025", "khoản 2 điều 35", "phạt 10.000.000 đồng",
])
def test_ordinary_text_is_kept(kept):
    assert scrub(kept) == kept
