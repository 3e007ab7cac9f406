"""Hypothesis properties: normalisation, folding, the parser, the scrubber and `ask`
never crash and keep their promises on arbitrary text."""
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from engine import text
from engine.pipeline import ask
from engine.names import PLAIN_SURNAMES
from engine.privacy import scrub
from engine.statutes import parse_file

VIETNAMESE = st.text(alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ ,.?0123456789AĐÔ")), max_size=80)
ANY_TEXT = st.one_of(st.text(max_size=200), VIETNAMESE)


@settings(max_examples=400)
@given(ANY_TEXT)
def test_normalize_is_idempotent_and_nfc(s):
    once = text.normalize(s)
    assert text.normalize(once) == once
    assert unicodedata.is_normalized("NFC", once)


@settings(max_examples=400)
@given(ANY_TEXT)
def test_fold_leaves_no_vietnamese_mark(s):
    folded = text.fold(s)
    assert not re.search("[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", folded)
    assert text.fold(folded) == folded


BODY_LINES = st.lists(st.one_of(
    st.sampled_from(["Chương I", "QUY ĐỊNH CHUNG", "Mục 1", "Điều 1. Tên", "Điều 2. Tên", "Điều 2a. Tên", "1. Khoản",
                     "a) Điểm", "“Điều 9. Trích dẫn", "trích dẫn”.", "[Ghi chú nguồn (Bộ pháp điển): bị bãi bỏ]",
                     "PHỤ LỤC", "1. Tỉnh", "- Vùng I, gồm", "---", "key: value", "", "2. (được bãi bỏ)"]),
    st.text(max_size=40)), max_size=30)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=2000)
@given(BODY_LINES, st.booleans())
def test_parser_gives_a_tree_or_located_issues(tmp_path, lines, with_header):
    head = "---\nnumber: 1/2020/QH14\ntitle: T\nkind: Luật\nissuer: QH\nissued: 2020-01-01\neffective: 2020-01-01\n---\n"
    path = tmp_path / "fuzz.txt"
    path.write_text((head if with_header else "") + "\n".join(lines), encoding="utf-8")
    parsed = parse_file(path)
    for issue in parsed.issues:
        assert issue.file == "fuzz.txt" and issue.line >= 0 and issue.message
    if not parsed.issues:
        assert parsed.articles and all(a.id.startswith("1/2020/QH14/") for a in parsed.articles)


SEPARATORS = st.sampled_from(["", " ", ".", "-", "–", "/", ",", " - "])
PHONE = st.builds(lambda p, rest, sep: p + sep.join([rest[:3], rest[3:6], rest[6:]]),
                  st.sampled_from(["0", "o", "+84", "84", "+84 ", "(+84) "]), st.from_regex(r"[1-9]\d{8}", fullmatch=True),
                  SEPARATORS)
EMAIL = st.from_regex(r"[a-z][a-z0-9._]{0,10}@[a-z]{2,8}\.(vn|com|org\.vn)", fullmatch=True)
ID = st.builds(lambda digits, sep: sep.join(digits[i:i + 3] for i in range(0, len(digits), 3)),
               st.one_of(st.from_regex(r"\d{9}", fullmatch=True), st.from_regex(r"\d{12}", fullmatch=True),
                         st.from_regex(r"\d{10}", fullmatch=True)),
               # grouped by dots or commas and with no keyword before, 100.000.000 is an amount and stays
               st.sampled_from(["", " ", "-", "–", "/", " - "]))
FILLER = st.sampled_from(["", "tôi bị nợ lương ", "số của em là ", "liên hệ: ", "CCCD ", "CCCD", "(", "email ", "SĐT",
                          "đt:", "zalo "])
TRAIL = st.sampled_from(["", " nhé", ", cảm ơn", ".", ")"])
GLUED = st.sampled_from(["đ", "ạ", "nhé", "a"])  # after a phone only: "100000000đ" is an amount


@settings(max_examples=500)
@given(FILLER, st.one_of(PHONE, EMAIL, ID, st.builds(str.__add__, PHONE, GLUED)), TRAIL)
def test_scrub_leaves_no_phone_email_or_id(before, secret, after):
    out = scrub(f"{before}{secret}{after}")
    assert secret not in out
    assert not re.search(r"[\do]{7,}", re.sub(r"[\s.,/()+–-]", "", out))
    assert "@" not in out


@pytest.fixture(scope="module")
def model(real_model):
    return real_model


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(min_size=1, max_size=1000), VIETNAMESE.filter(str.strip)))
def test_ask_any_text_gives_a_valid_answer(model, question):
    response = ask(model, question).to_dict()
    assert response["confidence"] in {"high", "medium", "low"}
    assert isinstance(response["answers"], (list, tuple))
    for item in response["answers"]:
        assert item["citation"] and item["doc"] and isinstance(item["article"], int)
    if response["confidence"] == "low":
        assert response["handoff"]


# Issue 14: a URL-like start followed by a run of punctuation made underthesea's URL pattern
# backtrack exponentially ("nghỉ phép http://a" + 28 dots: over 30 s). The time bound per input
# is measured in bench/run.py; here, the text handed to the segmenter must be one it cannot
# backtrack on, and the question's words must survive.
URL_START = st.sampled_from(["http://", "https://", "HTTP://", "Https:/", "ftp:", "ftp:a", "FTPS://", "a.vn/",
                             "www.a.com/", "x.com.vn/", "http://a", "ftp://a.b/c", "hTtP:"])
PUNCT_RUN = st.lists(st.sampled_from(list(".!?',;:\"()[]{}<>«»“”‘’`-/…") + [",.", ".!", "(a)"]),
                     min_size=1, max_size=60).map("".join)
HOSTILE_URL = st.lists(st.tuples(URL_START, st.sampled_from(["", "a", "a.b", "1", "ư"]), PUNCT_RUN),
                       min_size=1, max_size=4).map(lambda parts: " ".join(a + b + c for a, b, c in parts))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["", "nghỉ phép ", "lương "]), HOSTILE_URL, st.sampled_from(["", " tháng 6", "!!!"]))
def test_url_like_and_punctuation_runs_are_defused(before, hostile, after):
    question = text.normalize(before + hostile + after)
    defused = text.defuse(question)
    assert not re.search(r"[^\w\s]{2}", defused)              # no two punctuation marks touch
    assert not re.search(r"(?i)(?:ftp|http)s?:|[.][a-z]{2,13}/", defused)
    words = text.segment(question)
    for word in text.normalize(before + after).split():
        if word.isalnum():
            assert word in "_".join(words).split("_")


def test_the_examples_of_the_issue_segment_to_their_words():
    for start in ("http://a", "ftp:a", "a.vn/", "https://", "HTTP://"):
        for run in (".", "!", "?", "'", ",."):
            question = text.normalize("nghỉ phép " + start + run * 28 + " năm")
            assert text.segment(question) == ("nghỉ_phép", "năm")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(HOSTILE_URL)
def test_ask_answers_url_like_questions(model, hostile):
    response = ask(model, "nghỉ phép " + hostile[:980]).to_dict()
    assert response["confidence"] in {"high", "medium", "low"}


# Names in every way the review saw them typed: capitalised, lower case, without marks, after a
# self-introduction, a title or a thank-you, followed by legal content that must stay.
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLES = ["Văn", "Thị", "Minh", "Đức", "Ngọc", "Hữu", "Thanh", "Quang", ""]
GIVEN = ["An", "Bình", "Lan", "Hoa", "Tuấn", "Hùng", "Mai", "Nam", "Hương", "Dũng", "Linh", "Trang", "Khoa", "Thảo"]
BEFORE_NAME = ["tôi là", "em là", "mình là", "tên tôi là", "em tên là", "tôi tên", "Tên:", "họ và tên:", "cháu tên",
               "tôi là công nhân", "tôi là chị", "anh", "chị", "ông", "bà", "giám đốc", "Xin cảm ơn."]


@settings(max_examples=400)
@given(st.sampled_from(BEFORE_NAME), st.sampled_from(SURNAMES), st.sampled_from(MIDDLES), st.sampled_from(GIVEN),
       st.sampled_from(["as typed", "lower", "no marks", "no marks, lower"]),
       st.sampled_from(["", ", lương 5.310.000 đồng", " bị nợ lương 3 tháng theo 45/2019/QH14"]))
def test_scrub_removes_names_however_typed(before, surname, middle, given_name, typed, after):
    # typed in lower case without marks, "vo minh an" is words, not a name: only "van" or a
    # surname that is no everyday word ("nguyen") tell ("thi" is mostly "thì")
    assume(typed != "no marks, lower" or text.fold(surname) in PLAIN_SURNAMES or middle == "Văn")
    name = " ".join(w for w in (surname, middle, given_name) if w)
    if "no marks" in typed:
        name, before, after = text.fold(name).title(), text.fold(before), text.fold(after)
    raw = f"{before} {name.lower() if 'lower' in typed else name}{after}"
    out = scrub(raw)
    assert text.fold(given_name) not in text.fold(out).split() and given_name.lower() not in out.lower().split()
    for kept in ("5.310.000", "45/2019/QH14"):
        assert (kept in raw) == (kept in out)


# Legal content the scrubber must leave exactly as written, in any combination.
AMOUNT = st.builds(lambda n, unit: f"{n:,}".replace(",", ".") + unit, st.integers(1000, 5 * 10 ** 9),
                   st.sampled_from([" đồng", "đ", " đồng/tháng", " VNĐ", ""]))
DOCUMENT = st.builds(lambda n, y, kind: f"{n}/{y}/{kind}", st.integers(1, 400), st.integers(1994, 2026),
                     st.sampled_from(["QH14", "QH15", "NĐ-CP", "TT-BLĐTBXH", "QĐ-TTg"]))
REFERENCE = st.builds(lambda a, k, p: f"điểm {p} khoản {k} Điều {a}", st.integers(1, 220), st.integers(1, 9),
                      st.sampled_from("abcdđe"))
QUANTITY = st.builds(lambda n, unit: f"{n} {unit}", st.integers(1, 300),
                     st.sampled_from(["giờ", "ngày", "tháng", "năm", "giờ/tuần", "ngày làm việc", "%"]))
WHEN = st.one_of(st.builds("năm {}".format, st.integers(1995, 2030)),
                 st.builds(lambda d, m, y: f"ngày {d:02d}/{m:02d}/{y}", st.integers(1, 28), st.integers(1, 12),
                           st.integers(1995, 2030)),
                 st.builds(lambda a, b: f"từ {a}-{b}", st.integers(2000, 2025), st.integers(2001, 2026)))
LEGAL = st.one_of(AMOUNT, DOCUMENT, REFERENCE, QUANTITY, WHEN)
LEAD = st.sampled_from(["", "theo ", "lương ", "tôi được ", "Công ty trả ", "mức phạt ", "cho hỏi ", "quy định tại "])


@settings(max_examples=500)
@given(LEAD, LEGAL, LEAD, LEGAL)
def test_scrub_keeps_legal_content(lead, first, lead2, second):
    raw = f"{lead}{first}, {lead2}{second}"
    assert scrub(raw) == raw
