import pytest

from engine import text


@pytest.mark.parametrize("raw, expected", [
    ("Hoà giải", "hòa giải"),                  # old tone placement → the corpus's
    ("sức khoẻ", "sức khỏe"),
    ("Thuỷ sản", "thủy sản"),
    ("quý", "quý"),                              # qu- is an initial: the tone stays
    ("hoàn thành", "hoàn thành"),                # closed syllable: nothing to move
    ("nghỉ\u00a0 thai\u200b sản", "nghỉ thai sản"),  # odd spaces, zero-width space
    ("Ngh\u0129 thai sa\u0309n", "nghĩ thai sản"),   # decomposed input comes out NFC
    ("BHXH một lần", "bảo hiểm xã hội 1 lần"),
    ("đóng bhyt", "đóng bảo hiểm y tế"),
    ("HĐLĐ và NLĐ, NSDLĐ", "hợp đồng lao động và người lao động, người sử dụng lao động"),
    ("CĐCS, LĐLĐ tỉnh", "công đoàn cơ sở, liên đoàn lao động tỉnh"),
    ("TNLĐ hay BNN", "tai nạn lao động hay bệnh nghề nghiệp"),
    ("đóng KPCĐ", "đóng kinh phí công đoàn"),
    ("BHTN", "bảo hiểm thất nghiệp"),
    ("sáu tháng", "6 tháng"),
    ("06 tháng", "6 tháng"),
    ("5.310.000 đồng", "5.310.000 đồng"),
    ("0,5 lần", "0,5 lần"),
    ("mười hai tháng", "12 tháng"),
    ("hai mươi ngày", "20 ngày"),
    ("lương tối thiểu Vùng II", "lương tối thiểu vùng 2"),
    ("vùng iv", "vùng 4"),
    ("đóng 8% tiền lương", "đóng 8 phần trăm tiền lương"),
])
def test_normalize_rules(raw, expected):
    assert text.normalize(raw) == expected


def test_number_words_only_before_units():
    # "năm" alone is a year, not five
    assert text.normalize("năm 2023") == "năm 2023"


def test_fold_removes_every_mark_and_dd():
    assert text.fold("ĐIỀU 139 Bộ luật Lao động: nghỉ thai sản") == "dieu 139 bo luat lao dong: nghi thai san"


def test_has_diacritics():
    assert not text.has_diacritics("cong ty no luong 3 thang")
    assert text.has_diacritics("công ty nợ lương")


def test_syllable_tokens_have_bigrams_and_no_stopwords():
    tokens = text.syllable_tokens(text.normalize("có được nghỉ thai sản không"))
    assert "thai san" in tokens and "nghi" in tokens
    assert "khong" not in tokens and "duoc" not in tokens


def test_word_tokens_are_segmented_compounds():
    assert "thai_sản" in text.word_tokens("nghỉ thai sản")
