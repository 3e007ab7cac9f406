"""Remove personal data from a visitor's text before anything is stored.

>>> scrub("Tôi là Nguyễn Văn An, sđt 0912 345 678, email an.nguyen@gmail.com")
'Tôi là [tên], sđt [số điện thoại], email [email]'
>>> scrub("CCCD 001203004567 và số sổ BHXH 7912345678")
'CCCD [số định danh] và số sổ BHXH [số định danh]'
>>> scrub("lương 5.310.000 đồng, tôi là công nhân")
'lương 5.310.000 đồng, tôi là công nhân'
"""
from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Vietnamese phone numbers: 0 or +84/84 then 9-10 digits, in groups separated by space . or -
_PHONE = re.compile(r"(?<![\w.])(?:\+?84|0)(?:[\s.\-]?\d){8,10}(?![\w])")
# ID card (9 / 12 digits), social insurance number (10 digits) and any other long digit run.
_LONG_NUMBER = re.compile(r"(?<![\w.,])\d(?:[\s.\-]?\d){7,}(?![\w])")
_NAME_WORD = r"[A-ZÀ-ỸĐ][\wÀ-ỹ]*"
_CAPITALISED_NAME = re.compile(
    rf"(?i:\b(tôi|em|mình|cháu|con)\s+là)\s+((?:{_NAME_WORD})(?:\s+{_NAME_WORD}){{0,4}})")
_NAMED_AS = re.compile(
    r"(?i)\b((?:tên\s+(?:tôi|em|mình|cháu)\s+là|(?:tôi|em|mình|cháu)\s+tên(?:\s+là)?|ten\s+(?:toi|em|minh)\s+la|"
    r"(?:toi|em|minh)\s+ten(?:\s+la)?|họ\s+tên(?:\s+là)?|họ\s+và\s+tên(?:\s+là)?)\s*:?)\s+([^\s,.;:!?]+(?:\s+[^\s,.;:!?]+){0,3})")


def _is_amount(match: re.Match) -> bool:
    # 5.310.000 — thousands groups of three: a sum of money, not an identifier.
    return bool(re.fullmatch(r"\d{1,3}(?:\.\d{3})+", match.group()))


def _name_replacement(match: re.Match) -> str:
    words = match.group(2).split()
    if words[0][:1].isupper():
        # a capitalised name ends at the first lower-case word: "em tên Lan làm ở …"
        run = next((i for i, w in enumerate(words) if not w[:1].isupper()), len(words))
        rest = " ".join(words[run:])
        return f"{match.group(1)} [tên]" + (f" {rest}" if rest else "")
    return f"{match.group(1)} [tên]"


def scrub(text: str) -> str:
    """Replace e-mail addresses, phone numbers, ID/insurance numbers and self-given names."""
    text = _EMAIL.sub("[email]", text)
    text = _PHONE.sub(lambda m: m.group() if _is_amount(m) else "[số điện thoại]", text)
    text = _LONG_NUMBER.sub(lambda m: m.group() if _is_amount(m) else "[số định danh]", text)
    text = _NAMED_AS.sub(_name_replacement, text)
    text = _CAPITALISED_NAME.sub(lambda m: m.group(0)[: m.start(2) - m.start(0)] + "[tên]", text)
    return text
