"""Text normalisation, diacritic folding, word segmentation and the analyzers.

Everything here is a pure, module-level function so that the vectorizers that
call them pickle with the model.

>>> normalize("Thuỷ  sản và   HOÀ giải")
'thủy sản và hòa giải'
>>> fold("Đình công ở Hòa Bình")
'dinh cong o hoa binh'
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from underthesea import word_tokenize

# Combining marks: the five tones, and the three marks that make a new vowel
# letter (â ê ô / ă / ơ ư). Tones move between letters; modifiers never do.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_MODIFIERS = {"\u0302", "\u0306", "\u031b"}
_VOWELS = set("aeiouy")

# Invisible or exotic characters people paste from Word, Zalo or PDFs.
# (lone surrogates too: JSON can carry "\ud800", which no encoder accepts)
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_WORD = re.compile(r"\w+")

ABBREVIATIONS = {
    "bhxh": "bảo hiểm xã hội",
    "bhyt": "bảo hiểm y tế",
    "bhtn": "bảo hiểm thất nghiệp",
    "hđlđ": "hợp đồng lao động",
    "hdld": "hợp đồng lao động",
    "nlđ": "người lao động",
    "nld": "người lao động",
    "nsdlđ": "người sử dụng lao động",
    "nsdld": "người sử dụng lao động",
    "cđcs": "công đoàn cơ sở",
    "cdcs": "công đoàn cơ sở",
    "lđlđ": "liên đoàn lao động",
    "ldld": "liên đoàn lao động",
    "tnlđ": "tai nạn lao động",
    "tnld": "tai nạn lao động",
    "bnn": "bệnh nghề nghiệp",
    "kpcđ": "kinh phí công đoàn",
    "kpcd": "kinh phí công đoàn",
    "tlđ": "tổng liên đoàn lao động",
    "tld": "tổng liên đoàn lao động",
    "blld": "bộ luật lao động",
    "blđ": "bộ luật lao động",
    "tcxh": "trợ cấp xã hội",
    "tctn": "trợ cấp thất nghiệp",
    "atvslđ": "an toàn vệ sinh lao động",
    "atvsld": "an toàn vệ sinh lao động",
    "tưlđtt": "thỏa ước lao động tập thể",
    "tuldtt": "thỏa ước lao động tập thể",
    "tlđtt": "thỏa ước lao động tập thể",
    "tldtt": "thỏa ước lao động tập thể",
    "nđ": "nghị định",
    "nđcp": "nghị định chính phủ",
}
_ABBR = re.compile(r"\b(" + "|".join(sorted(map(re.escape, ABBREVIATIONS), key=len, reverse=True)) + r")\b", re.IGNORECASE)

_NUMBER_WORDS = {
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "sáu": 6,
    "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10,
}
_UNITS = r"(tháng|ngày|năm|tuổi|giờ|lần|tuần|người|phần trăm|ngày làm việc)"
_NUMBER_PHRASE = re.compile(
    r"\b(mười (?:một|hai|ba|bốn|lăm|năm|sáu|bảy|tám|chín)|hai mươi|ba mươi|"
    r"một|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín|mười)\s+" + _UNITS + r"\b")
_LEADING_ZERO = re.compile(r"(?<![\d.,])0+(\d)")  # 06 → 6, but 5.310.000 stays
# The wage regions are written "Vùng I…IV" in the decree and "vùng 1…4" by people.
_REGION = re.compile(r"\bvùng (iv|iii|ii|i)\b")
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}
_PERCENT = re.compile(r"\s*%")


def _number_value(phrase: str) -> int:
    words = phrase.split()
    if len(words) == 1:
        return _NUMBER_WORDS[words[0]]
    if words[1] == "mươi":
        return _NUMBER_WORDS[words[0]] * 10
    return 10 + _NUMBER_WORDS[words[1]]


@lru_cache(maxsize=16384)
def _canonical_syllable(word: str) -> str:
    """Place the tone mark the one way the corpus mostly writes it (hòa, khỏe, thủy).

    >>> _canonical_syllable("hoà"), _canonical_syllable("thuỷ"), _canonical_syllable("quý")
    ('hòa', 'thủy', 'quý')
    """
    decomposed = unicodedata.normalize("NFD", word)
    tone = next((c for c in decomposed if c in _TONES), None)
    if tone is None:
        return word
    letters: list[list[str]] = []  # base letter + its modifiers, tone removed
    for ch in decomposed:
        if ch in _TONES:
            continue
        if unicodedata.combining(ch) and letters:
            letters[-1].append(ch)
        else:
            letters.append([ch])
    lower = [group[0].lower() for group in letters]
    vowel_at = [i for i, ch in enumerate(lower) if ch in _VOWELS]
    if not vowel_at:
        return word
    # "qu" and "gi" are initials: their u / i is not part of the vowel nucleus.
    start = vowel_at[0]
    if start > 0 and ((lower[start - 1] == "q" and lower[start] == "u")
                      or (lower[start - 1] == "g" and lower[start] == "i")) and len(vowel_at) > 1:
        vowel_at = vowel_at[1:]
    cluster = [i for i in vowel_at if i <= vowel_at[0] + 2 and i - vowel_at[0] == vowel_at.index(i)]
    modified = [i for i in cluster if any(m in _MODIFIERS for m in letters[i][1:])]
    has_final = cluster[-1] < len(letters) - 1
    if modified:
        target = modified[-1]
    elif has_final or len(cluster) == 1:
        target = cluster[-1]
    elif len(cluster) == 2:
        target = cluster[0]
    else:
        target = cluster[1]
    letters[target].append(tone)
    return unicodedata.normalize("NFC", "".join("".join(group) for group in letters))


def clean(text: str) -> str:
    """NFC, no invisible characters, single spaces; case and wording kept.

    >>> clean("Nghỉ\\u200b  thai\\u00a0sản ")
    'Nghỉ thai sản'
    """
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    return _SPACES.sub(" ", text).strip()


def normalize(text: str) -> str:
    """Canonical lower-case form used for matching (questions and statutes alike).

    >>> normalize("NLĐ nghỉ sáu tháng, HĐLĐ 06 tháng")
    'người lao động nghỉ 6 tháng, hợp đồng lao động 6 tháng'
    """
    text = clean(text).lower()
    text = _WORD.sub(lambda m: _canonical_syllable(m.group()), text)
    text = _ABBR.sub(lambda m: ABBREVIATIONS[m.group().lower()], text)
    text = _NUMBER_PHRASE.sub(lambda m: f"{_number_value(m.group(1))} {m.group(2)}", text)
    text = _REGION.sub(lambda m: f"vùng {_ROMAN[m.group(1)]}", text)
    text = _PERCENT.sub(" phần trăm ", text)  # statutes write "22%", people "22 phần trăm"
    return _SPACES.sub(" ", _LEADING_ZERO.sub(r"\1", text)).strip()


def fold(text: str) -> str:
    """Lower-case text with every diacritic removed and đ written d.

    >>> fold("Người lao động")
    'nguoi lao dong'
    """
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def has_diacritics(text: str) -> bool:
    """True when at least one letter carries a Vietnamese mark.

    >>> has_diacritics("cong ty no luong"), has_diacritics("công ty")
    (False, True)
    """
    return fold(text) != text.lower()


# Words that shape a question rather than say what it is about. Kept short on
# purpose: the IDF weighting already discounts what is common in the statutes.
STOPWORDS = frozenset("""
a à ạ ơi nhé nha vậy thì là mà và hay hoặc của cho với các những này đó kia ấy
có không được bị đã đang sẽ rồi chưa cũng vẫn còn nữa thế nào sao gì ai đâu bao
nhiêu mấy hỏi xin em tôi mình anh chị bạn ông bà chúng_tôi chúng_em họ ta
như thế_nào bao_nhiêu bao_lâu như_thế_nào làm_sao có_được hay_không hay_là
vui_lòng cho_hỏi xin_hỏi trường_hợp quy_định theo luật pháp_luật
""".split())
FOLDED_STOPWORDS = frozenset(fold(w).replace("_", " ") for w in STOPWORDS if "_" not in w)


# underthesea's tokenizer keeps URLs whole with nltk's pattern, whose nested quantifiers
# backtrack exponentially when "http:", "ftp:" or "a.vn/" is followed by a run of punctuation
# (24 dots: 5 s, 28: over 30 s). The pattern can only backtrack over punctuation that ends a run
# of non-space characters, so once no two punctuation marks touch, it has one character to try.
# URL-like words carry nothing a statute could match, so they go altogether.
_NON_SPACE = re.compile(r"\S+")
_URL_MARK = re.compile(r"(?:ftp|http)s?:|[.][a-z]{2,13}/", re.IGNORECASE)
_PUNCT_PAIR = re.compile(r"(?<=[^\w\s])(?=[^\w\s])")


def defuse(normalized: str) -> str:
    """Text the segmenter cannot backtrack on: no URL-like word, no two adjacent punctuation marks.

    >>> defuse("nghỉ phép http://a.vn/x... được không?!")
    'nghỉ phép được không? !'
    """
    text = _NON_SPACE.sub(lambda m: " " if _URL_MARK.search(m.group()) else m.group(), normalized)
    return _SPACES.sub(" ", _PUNCT_PAIR.sub(" ", text)).strip()


def segment(normalized: str) -> tuple[str, ...]:
    """Words of already-normalised text, compounds joined by '_' (underthesea).

    >>> segment("người lao động nghỉ thai sản")
    ('người', 'lao_động', 'nghỉ', 'thai_sản')
    """
    words = (w.replace(" ", "_") for w in word_tokenize(defuse(normalized)))
    return tuple(w for w in words if any(ch.isalnum() for ch in w))


def word_tokens(normalized: str) -> list[str]:
    """Analyzer of the segmented view: content words of accented text."""
    return [w for w in segment(normalized) if w not in STOPWORDS]


def syllables(text: str) -> list[str]:
    """Folded syllables in order, punctuation dropped.

    >>> syllables("Nghỉ thai-sản 06 tháng!")
    ['nghi', 'thai', 'san', '06', 'thang']
    """
    return _WORD.findall(fold(text))


def syllables_accented(normalized: str) -> list[str]:
    """Syllables of normalised text with their diacritics, punctuation dropped.

    >>> syllables_accented("nghỉ thai-sản, 6 tháng")
    ['nghỉ', 'thai', 'sản', '6', 'tháng']
    """
    return _WORD.findall(normalized)


_PHRASE_BREAK = re.compile(r"[.,;:!?()\[\]{}\n|“”\"]+")


def syllable_tokens(normalized: str) -> list[str]:
    """Analyzer of the folded view: syllables (no stopwords) plus adjacent pairs within a phrase.

    >>> syllable_tokens("thai sản. nghỉ")
    ['thai', 'san', 'nghi', 'thai san']
    """
    unigrams, pairs = [], []
    for phrase in _PHRASE_BREAK.split(normalized):
        sylls = syllables(phrase)
        unigrams += [s for s in sylls if s not in FOLDED_STOPWORDS]
        pairs += [f"{a} {b}" for a, b in zip(sylls, sylls[1:])]
    return unigrams + pairs
