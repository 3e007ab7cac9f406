"""Remove personal data from a visitor's text before anything is stored.

Rules run in order, each replacing what it finds by a bracketed placeholder that later
rules leave alone: links and e-mails first (they hold dots and digits), then numbers that
a keyword announces (ID card, passport, bank account, plate, date of birth), addresses,
any remaining run of digits that is a phone or an identifier, and last people's names.
Legal content stays: amounts, document numbers, dates, years, articles and clauses.

>>> scrub("Tôi là Nguyễn Văn An, sđt 0912 345 678, email an.nguyen@gmail.com")
'Tôi là [tên], sđt [số điện thoại], email [email]'
>>> scrub("CCCD 001203004567 và số sổ BHXH 7912345678")
'CCCD [số định danh] và số sổ BHXH [số định danh]'
>>> scrub("lương 5.310.000 đồng, tôi là công nhân, theo Điều 35 Luật 45/2019/QH14")
'lương 5.310.000 đồng, tôi là công nhân, theo Điều 35 Luật 45/2019/QH14'
"""
from __future__ import annotations

import re

from .names import remove_names

_UPPER = "".join(c for c in map(chr, range(0x41, 0x1EFA)) if c.isupper() and c.isalpha())
_CAP_WORD = rf"[{_UPPER}][^\W\d_]*"

# -- links and e-mails ------------------------------------------------------------------------
# (repetitions bounded as in RFC 5321 - 64-character local part, 63-character labels - so that
# no pattern does more than linear work on 1,000 characters of "a.a.a.")
_LINK = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b(?:[\w-]{1,63}\.){1,8}(?:com|vn|net|org|me|info|biz|io|co|edu|gov|asia)(?:\.vn)?/\S*"
    r"|\b(?:facebook|fb|zalo|instagram|ig|tiktok|telegram|skype|twitter|linkedin|youtube)\s*:\s*\S+",
    re.IGNORECASE)
_AT = r"(?:\s*@\s*|\s*[\[({<]\s*(?:at|a còng|acong)\s*[\])}>]\s*|\s+(?:at|a còng|acong)\s+)"
_DOT = r"(?:\s*\.\s*|\s*[\[({<]\s*(?:dot|chấm|cham)\s*[\])}>]\s*|\s+(?:dot|chấm|cham)\s+)"
_EMAIL = re.compile(
    rf"[\w.+-]{{1,64}}\s*@\s*[\w-]+(?:\s*\.\s*[\w-]+)*"            # plain, or with spaces around @ and dots
    rf"|[\w.+-]{{1,64}}{_AT}[\w-]{{1,63}}(?:{_DOT}[\w-]{{1,63}}){{0,4}}{_DOT}(?:com|vn|net|org|edu|gov|info)\b"  # [at] … [dot] com
    rf"|(?<![\w@])@[A-Za-z][\w.]{{2,}}"                       # @handle
    rf"|(?<=\b(?:gmail|email|ymail)\s:\s)(?!\[)[\w.+-]{{3,64}}|(?<=\b(?:gmail|email|ymail):\s)(?!\[)[\w.+-]{{3,64}}"
    rf"|(?<=\b(?:gmail|email|ymail):)(?!\[)[\w.+-]{{3,64}}",  # "gmail: hoatran92"
    re.IGNORECASE)

# -- numbers a keyword announces ------------------------------------------------------------------
# a number here: digits, perhaps after a letter prefix, with spaces, dots or dashes inside
_ANNOUNCED = r"(?:\s*(?:số|so|là|la|của\s+(?:tôi|em|mình)|:|#))*\s*"
_DIGITS = r"[A-Za-z]{0,3}\s?[\doO](?:[\s.,\-–/]?[\doO]){5,}"
_KEYWORD_NUMBERS = [
    (re.compile(rf"(?i)\b(hộ\s+chiếu|ho\s+chieu|passport)({_ANNOUNCED})([A-Z]{{1,2}}\s?\d{{6,8}})\b"), "[số hộ chiếu]"),
    (re.compile(r"(?i)(\bstk|\bsố\s+tk|\bso\s+tk|\bsố\s+tài\s+khoản|\bso\s+tai\s+khoan|\btài\s+khoản(?:\s+ngân\s+hàng)?"
                r"|\btai\s+khoan(?:\s+ngan\s+hang)?|\btk(?:\s+ngân\s+hàng)?)"
                rf"((?:\s+(?!\d)[\wÀ-ỹ]+){{0,3}}?{_ANNOUNCED})({_DIGITS})"), "[số tài khoản]"),
    (re.compile(r"(?i)(\bsđt|\bsdt|\bđt|\bdt|\bsố\s+điện\s+thoại|\bđiện\s+thoại|\bdien\s+thoai|\bzalo|\bhotline"
                r"|\bliên\s+hệ|\blien\s+he|\blh|\bphone|\btel|\bsố\s+máy)"
                rf"({_ANNOUNCED})({_DIGITS})"), "[số điện thoại]"),
    (re.compile(r"(?i)(cccd|cmnd|cmt|căn\s+cước(?:\s+công\s+dân)?|can\s+cuoc|chứng\s+minh(?:\s+nhân\s+dân|\s+thư)?"
                r"|chung\s+minh(?:\s+nhan\s+dan)?|định\s+danh(?:\s+cá\s+nhân)?|dinh\s+danh|mã\s+số\s+thuế|\bmst"
                r"|mã\s+(?:số\s+)?bhxh|mã\s+(?:số\s+)?bhyt|sổ\s+bhxh|thẻ\s+bhyt|\bbhxh|\bbhyt|mã\s+thẻ|số\s+thẻ"
                r"|mã\s+(?:số\s+)?nhân\s+viên|\bmsnv)"
                rf"({_ANNOUNCED})({_DIGITS})"), "[số định danh]"),
    (re.compile(r"(?i)\b(biển\s+số(?:\s+xe)?|bien\s+so(?:\s+xe)?|biển\s+kiểm\s+soát|bks)"
                rf"({_ANNOUNCED})(\d{{2}}[\s\-]?[A-Z]{{1,2}}\d?[\s\-.]?\d{{3,5}}(?:[.\s]?\d{{1,2}})?)"), "[biển số xe]"),
    (re.compile(r"(?i)\b(ngày\s+sinh|sinh\s+ngày|sinh\s+năm|năm\s+sinh|ngay\s+sinh|sinh\s+ngay|sinh\s+nam|nam\s+sinh"
                r"|sinh|ns|sn|dob)(\s*:?\s*)((?:ngày\s+)?\d{1,2}\s*(?:[/.\-]|\s+tháng\s+)\s*\d{1,2}\s*(?:[/.\-]|\s+năm\s+)"
                r"\s*(?:19|20)?\d{2}\b|(?:19|20)\d{2}\b)"), "[ngày sinh]"),
    (re.compile(r"(?i)\b(sinh\s+nhật|sinh\s+nhat)(\s*:?\s*(?:là\s+|vào\s+|ngày\s+)*)(\d{1,2}\s*(?:[/.\-]|\s+tháng\s+)\s*\d{1,2})"),
     "[ngày sinh]"),
]
_PASSPORT = re.compile(r"(?<![\w/.-])[A-Z]\d{7}(?![\w/.-])")
_PLATE = re.compile(r"(?<![\w/.-])\d{2}[\s\-]?[A-Z]{1,2}\d?\s?[\-.]?\s?\d{3}[.\s]?\d{1,2}(?![\w/.-])", re.IGNORECASE)

# -- addresses -----------------------------------------------------------------------------
_UNITS = (r"số\s+nhà|số|nhà|ngõ|ngách|hẻm|kiệt|tổ|thôn|xóm|ấp|khu\s+phố|kp|khu|đường|phố|phường|xã|quận|huyện"
          r"|thị\s+xã|thị\s+trấn|thành\s+phố|tp\.?|tỉnh|p\.|q\.|tx\.?|tt\.?|khóm|bản|chung\s+cư|tòa|tầng|căn\s+hộ|lô"
          r"|kđt|kcn|khu\s+công\s+nghiệp|so\s+nha|so|ngo|ngach|hem|to|thon|xom|ap|duong|pho|phuong|xa|quan|huyen|tinh")
_HOUSE = r"\d+[a-zA-Z]?(?:[/\-]\d+[a-zA-Z]?)*(?![.,]?\d)"  # not the 5 of 5.310.000
_ITEM = rf"(?:(?:{_UNITS})\s+|(?i:p|q|tp|tx|tt)\.\s*)?(?:{_HOUSE}|{_CAP_WORD}(?:\s+{_CAP_WORD})*)"
_TAIL = rf"(?:(?:\s*,\s*|\s+-\s+|\s+){_ITEM})*"
# the same unit words typed without marks ("so 12 ngo 34 pho Hue")
_STREET = r"ngõ|ngách|hẻm|kiệt|đường|phố|tổ|thôn|xóm|ấp|ngo|ngach|hem|kiet|duong|pho|thon|xom"
_LANE = r"ngõ|ngách|hẻm|kiệt|ngo|ngach|hem|kiet"
_ADDRESS = re.compile(
    r"(?i:\b(?:địa\s+chỉ|dia\s+chi|đ/c|thường\s+trú|tạm\s+trú|trú\s+tại|cư\s+trú\s+tại|nơi\s+ở|sống\s+tại|sống\s+ở"
    r"|nhà\s+(?:tôi|em|mình)\s+ở|nha\s+(?:toi|em|minh)\s+o|quê\s+(?:tôi|em|mình)\s+ở|thuong\s+tru|tam\s+tru"
    r"|tru\s+tai|song\s+tai|nhà\s+ở|nha\s+o|ở\s+số|o\s+so|nhà\s+số|nha\s+so)(?:\s+(?:là|tại|ở|la|tai|o|:))?\s*:?\s*)"
    rf"({_ITEM}{_TAIL})"
    rf"|\b((?i:(?:số|so)\s+(?:nhà\s+|nha\s+)?)?{_HOUSE}\s+(?i:{_STREET})\s+(?:{_HOUSE}|{_CAP_WORD}){_TAIL})"
    rf"|\b((?i:{_LANE})\s+{_HOUSE}{_TAIL}"
    rf"|(?i:tổ|khu\s+phố|kp|xóm|thôn|ấp|to|xom|thon)\s+{_HOUSE}\s*,?\s*(?i:phường|xã|thị\s+trấn|phuong|xa)\s+{_CAP_WORD}{_TAIL})"
    rf"|(?<![Tt]hành\s)(?<![Tt]hanh\s)\b((?:(?i:đường|phố|thôn|xóm|ấp)|duong|pho|thon|xom)\s+{_CAP_WORD}{_TAIL})"  # "Duong Van An" is a name
    rf"|(?<!ngày\s)(?<!từ\s)(?<!đến\s)\b(\d+[a-zA-Z]?/\d+[a-zA-Z]?\s+{_CAP_WORD}\s+{_CAP_WORD}{_TAIL})")
# capitalised words that start a reference to the law, not a street: "theo 45/2019 Luật …"
_NOT_STREET = re.compile(r"(?i)\S+\s+(?:luật|nghị|thông|bộ|điều|khoản|quyết|công|ngày|tháng|năm|chính|quốc)\b")

# -- any other run of digits ------------------------------------------------------------------
# separators people put inside a phone or ID: space . - – — / _ · and a comma or bracket without a space
_SEP = r"(?:[ .\-–—/_·]|,(?!\s)|\)\s?|\s?\()"
_DIGIT_RUN = re.compile(
    rf"(?:\(\s?)?(?:\+\s?)?(?:(?<!\d)\d|(?<![^\W\d_])[oO](?={_SEP}{{0,2}}\d))(?:{_SEP}{{0,3}}(?:\d|[oO](?![^\W\d_])))*")
_AMOUNT = r"[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?|[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?"  # 5.310.000,5 or 5,310,000.5
_DATE = r"\d{1,2}[/.\-]\d{1,2}(?:[/.\-](?:19|20)?\d{2})?|\d{1,2}[/.\-](?:19|20)\d{2}|(?:19|20)\d{2}"
_DOC = r"\d{1,4}/\d{1,4}"                                     # "45/2019" of 45/2019/QH14
_SINGLE = re.compile(rf"{_AMOUNT}|{_DATE}|{_DOC}")
_RANGE_PART = re.compile(rf"{_AMOUNT}|{_DATE}")                # "1.800.000-2.000.000", "2019–2020"
_RANGE = re.compile(r"\s?[\-–—]\s?")
_LISTED_PART = re.compile(rf"{_AMOUNT}|{_DATE}|{_DOC}|[1-9]\d{{0,2}}")  # "Điều 35 45/2019/QH14", "2019 2020"
_LEGAL_MARK = re.compile(r"/|\b(?:19|20)\d{2}\b")
_MONEY_AFTER = re.compile(r"\s*(?:đồng|đ\b|vnđ|vnd|triệu|tr\b|tỷ|nghìn|ngàn|usd|%|phần\s+trăm)", re.IGNORECASE)


def _is_range(run: str) -> bool:
    parts = _RANGE.split(run)
    return len(parts) > 1 and all(_RANGE_PART.fullmatch(p) for p in parts)


def _is_list(run: str) -> bool:
    """Numbers side by side that are a reference or years, not the groups of an ID."""
    parts = run.split()
    return len(parts) > 1 and all(_LISTED_PART.fullmatch(p) or _is_range(p) for p in parts) and \
        bool(_LEGAL_MARK.search(run))


def _number_placeholder(run: str, after: str) -> str | None:
    """The placeholder for a run of digits, or None when it is legal content (an amount, a date,
    a year, a document number, a range of these) or too short to identify anyone."""
    real = sum(c.isdigit() for c in run)
    digits = "".join("0" if c in "oO" else c for c in run if c.isdigit() or c in "oO")
    if real < 7 and len(digits) > real:
        return None  # an "o" among few digits is a word, not a zero
    bare = run.strip("( )")
    phone = bare.startswith("+") or (digits[0] == "0" and len(digits) in (10, 11)) or \
        (digits.startswith("84") and len(digits) in (11, 12))
    if digits[0] != "0" and _MONEY_AFTER.match(after) and (re.fullmatch(_AMOUNT, bare) or not phone):
        return None
    if phone:
        return "[số điện thoại]"
    if _SINGLE.fullmatch(bare) or _is_range(bare) or _is_list(bare):
        return None
    return "[số định danh]" if len(digits) >= 8 else None


def _digit_run(match: re.Match) -> str:
    run = match.group()
    placeholder = _number_placeholder(run, match.string[match.end():])
    if placeholder is None:
        return run
    return ("(" if run.startswith("(") and ")" not in run else "") + placeholder


def _address(match: re.Match) -> str:
    if match.group(5) and _NOT_STREET.match(match.group(5)):
        return match.group()
    return match.group()[:match.start(match.lastindex) - match.start()] + "[địa chỉ]"


def scrub(text: str) -> str:
    """Replace links, e-mails, identifiers, phones, plates, birth dates, addresses and names."""
    text = _LINK.sub("[liên kết]", text)
    text = _EMAIL.sub("[email]", text)
    for pattern, placeholder in _KEYWORD_NUMBERS:
        text = pattern.sub(lambda m, p=placeholder: m.group(1) + m.group(2) + p, text)
    text = _PLATE.sub("[biển số xe]", text)
    text = _PASSPORT.sub("[số hộ chiếu]", text)
    text = _ADDRESS.sub(_address, text)
    text = _DIGIT_RUN.sub(_digit_run, text)
    return remove_names(text)
