"""Find the people named in a visitor's text: the writer introducing themself, third parties
named with a title, names given after "tên", signatures after a thank-you, and full names
anywhere. Written for recall: a word wrongly taken for a name costs the editors a word, a
name kept costs the writer their privacy.

>>> remove_names("tôi là nguyễn văn an, làm ở KCN")
'tôi là [tên], làm ở KCN'
>>> remove_names("anh Trần Minh Tuấn là tổ trưởng")
'anh [tên] là tổ trưởng'
>>> remove_names("tôi là công nhân may ở Bình Dương")
'tôi là công nhân may ở Bình Dương'
"""
from __future__ import annotations

import functools
import re
import unicodedata

PLACEHOLDER = "[tên]"
_WORD = re.compile(r"[^\W\d_]+")
_BRACKETED = re.compile(r"\[[^\[\]]*\]")


def _fold(word: str) -> str:
    word = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(c for c in word if not unicodedata.combining(c))


def _phrases(spec: str) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(p.split()) for p in spec.split(","))


def _words_set(spec: str) -> frozenset[str]:
    return frozenset(spec.split())


# Accented; a word typed without marks matches its folded form ("toi la" = "tôi là"),
# a word typed with marks only itself ("có" is not "cô").
INTRODUCTIONS = _phrases("tôi là,em là,mình là,cháu là,con là,tui là,tôi tên,em tên,mình tên,cháu tên,con tên,"
                         "mk là,mk tên,e là,e tên,tớ là,tớ tên,t là,tao là,"
                         "tên tôi là,tên em là,tên mình là,tên cháu là,tên tôi,tên em")
# after these the next words are a name even in lower case and without a surname we know
NAMING = _phrases("tên là,tên tôi là,tên em là,tên mình là,tên cháu là,họ tên,họ và tên,họ tên là,họ và tên là,"
                  "tôi tên là,em tên là,mình tên là,cháu tên là,con tên là,người hỏi,người gửi")
TITLES = _phrases("anh,chị,ông,bà,cô,chú,bác,dì,cậu,mợ,thím,em,cháu,sếp,bạn,vợ,chồng,giám đốc,phó giám đốc,"
                  "trưởng phòng,phó phòng,quản lý,tổ trưởng,chủ tịch,kế toán,đồng nghiệp,nhân viên,công nhân,"
                  "luật sư,bác sĩ,chủ nhà,con gái,con trai,quản đốc,trưởng ca,chủ doanh nghiệp,gặp,tên,gđ,sếp tổng,trưởng bộ phận")
# what people say they are between "tôi là" and their name: "tôi là công nhân Nguyễn Văn An"
ROLES = _phrases("công nhân,nhân viên,lao động,người lao động,giáo viên,kế toán,chị,anh,ông,bà,cô,chú,bác,em,"
                 "cháu,tài xế,bảo vệ,thợ,kỹ sư,tổ trưởng,quản lý,lao động nữ,mẹ,bố,sinh viên,học sinh,thực tập sinh")
TÊN = frozenset({"tên"})
THANKS = _phrases("cảm ơn,cám ơn,camon,thanks,thank,trân trọng")
SURNAMES = _words_set(
    "nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh trương lâm mai cao trịnh "
    "lương đoàn tạ hà chu thái tô triệu vương phùng quách kiều lại tăng đào khúc hứa lục mạc tống thân "
    "nghiêm kim châu")
# typed without marks, most surnames are also everyday words (dang = đang, luong = lương)
PLAIN_SURNAMES = _words_set("nguyen tran le pham hoang huynh vu bui dinh trinh phung quach nghiem")
MIDDLE_NAMES = _words_set("văn thị")
# a surname-led capitalised run anywhere is a name, except these places and streets
PLACES = frozenset(_fold(p) for p in ("hồ chí minh", "phan thiết", "phan rang", "hà nội", "hà nam", "hà tĩnh", "hà giang",
                                       "thái bình", "thái nguyên", "cao bằng", "lâm đồng", "hà đông", "kim bảng"))
# a title and a name that name no private person: "ngày Bác Hồ ra Lời kêu gọi thi đua ái quốc"
PUBLIC_FIGURES = frozenset({"bác hồ", "bác tôn", "chủ tịch hồ", "bác giáp"})
# words after which a capitalised run is a place, not a person ("phường Hoàng Mai", "thành phố Hồ Chí Minh")
PLACE_MARKERS = _words_set("phường xã quận huyện tỉnh phố trấn tp thôn xóm ấp khu phuong xa quan huyen tinh pho")
TITLE_WORDS = frozenset(p[0] for p in TITLES if len(p) == 1)
# words people capitalise that start no name
NOT_NAMES = _words_set("""
bộ luật nghị định điều khoản điểm thông tư quyết công ty ban phòng tòa toà ủy sở tổng liên đoàn việt nhà
nước chính phủ quốc hội bảo hiểm xã hội giám đốc trưởng phó chủ tịch tôi em anh chị ông bà cô chú bác mình
cho xin hỏi muốn cảm ơn vậy thì là và nhưng nếu khi có không được bị đã đang sẽ rồi theo tại ở trong ngày
tháng năm lương hợp đồng lao động người kính chào dạ vâng mong luật sư trung tâm văn phòng ubnd tand
rịa khu đường phố số chấp hành giấy phép cục
""")
# words that end a lower-case name: "tôi là nguyễn văn an làm ở …"
STOPS = _words_set("""
làm ở tại hiện đang năm sinh bị được có muốn hỏi xin và cho công ty là thì mà nhưng nên vì đã sẽ rồi
không chưa của với từ đến này đó nay tháng ngày nghỉ việc lương hợp đồng ạ nhé ơi vậy thế sao gì
đi về trong ngoài lao động nhân viên tôi em mình anh chị
""")
# the same typed without marks, less the folded forms that are also given names (mình = Minh, thì = Thị)
PLAIN_STOPS = _words_set("""
lam o tai hien dang sinh bi duoc co muon hoi xin va cho cong ty la ma nhung nen vi da se roi khong chua cua
voi tu den nay do thang ngay nghi viec luong hop dong a nhe oi vay the sao gi di ve trong ngoai toi
""")


# computed once per set: the sets are the module's own, and a frozenset keeps its hash
@functools.cache
def _folded(choices: frozenset) -> frozenset:
    """The folded forms of one of the module's word or phrase sets."""
    fold = (lambda p: tuple(map(_fold, p))) if isinstance(next(iter(choices)), tuple) else _fold
    return frozenset(map(fold, choices))


@functools.cache
def _shape(phrases: frozenset) -> tuple[tuple[int, ...], frozenset, frozenset]:
    """A phrase set's lengths (longest first) and first words, as written and folded: most
    words start no phrase, and a question's log entry is scrubbed on every request."""
    return (tuple(sorted({len(p) for p in phrases}, reverse=True)),
            frozenset(p[0] for p in phrases), frozenset(p[0] for p in _folded(phrases)))


def _is(lower, choices: frozenset, plain: bool) -> bool:
    """`lower` (a word or a tuple of words) is one of `choices`; in a text typed without
    marks, one of their folded forms."""
    return lower in choices or (plain and lower in _folded(choices))


class _Text:
    """The words of a text (placeholders masked) with the tests the rules ask of them."""

    def __init__(self, text: str):
        self.text = text
        masked = _BRACKETED.sub(lambda m: " " * len(m.group()), text)  # placeholders are not names
        self.words = list(_WORD.finditer(masked))
        self.lower = [w.group().lower() for w in self.words]
        self.gaps = [""] + [text[a.end():b.start()].strip() for a, b in zip(self.words, self.words[1:])]
        self.plain = all(w == _fold(w) for w in self.lower)  # typed without marks: "toi la" = "tôi là"

    def isa(self, i: int, choices) -> bool:
        return _is(self.lower[i], choices, self.plain)

    def stop(self, i: int) -> bool:
        return self.lower[i] in (PLAIN_STOPS if self.plain else STOPS)

    def __len__(self):
        return len(self.words)

    def gap(self, i: int) -> str:
        """What stands between word i-1 and word i, spaces stripped."""
        return self.gaps[i]

    def phrase(self, i: int, phrases: frozenset) -> int:
        """Length of the longest phrase of `phrases` starting at word i (0 if none)."""
        lengths, firsts, folded_firsts = _shape(phrases)
        if i >= len(self) or not (self.lower[i] in firsts or (self.plain and self.lower[i] in folded_firsts)):
            return 0
        for length in lengths:
            if i + length <= len(self) and all(self.gaps[k] == "" for k in range(i + 1, i + length)):
                if _is(tuple(self.lower[i:i + length]), phrases, self.plain):
                    return length
        return 0

    def capitalised(self, i: int, limit: int = 5) -> int:
        n = 0
        while i + n < len(self) and n < limit and (n == 0 or self.gap(i + n) == ""):
            word = self.words[i + n].group()
            if not word[0].isupper() or (len(word) > 1 and word.isupper()) or (n == 0 and self.not_name(i)):
                break
            n += 1
        return n

    def not_name(self, i: int) -> bool:
        """A capitalised word that starts no name; typed without marks, "Dang Van An" still does
        (a folded surname followed by another capitalised word)."""
        if not self.isa(i, NOT_NAMES):
            return False
        return not (self.plain and self.lower[i] in _folded(SURNAMES) and i + 1 < len(self)
                    and self.gap(i + 1) == "" and self.words[i + 1].group()[0].isupper())

    def lower_run(self, i: int, limit: int = 4) -> int:
        n = 1
        while i + n < len(self) and n < limit and self.gap(i + n) == "" and not self.stop(i + n):
            n += 1
        return n

    def middle_name_next(self, i: int) -> bool:
        """'vo van an': a word before "văn" or "thị" is a surname, whichever it is (without marks
        only "van": "thi" is mostly "thì")."""
        if i + 1 >= len(self) or self.gap(i + 1):
            return False
        return self.lower[i + 1] in MIDDLE_NAMES or (self.plain and self.lower[i + 1] == "van")

    def surname(self, i: int) -> bool:
        word = self.lower[i]
        return word in SURNAMES or word in PLAIN_SURNAMES


def _name_at(t: _Text, i: int, loose: bool) -> int:
    """How many words from i form a name; `loose`: any words after 'tên là' count."""
    if i >= len(t) or (i > 0 and t.gap(i) not in ("", ":")):
        return 0
    cap = t.capitalised(i)
    if cap:
        return cap
    if (t.surname(i) and not t.isa(i, NOT_NAMES)) or (loose and not t.stop(i)) or t.middle_name_next(i):
        return t.lower_run(i)
    return 0


def _skip_roles(t: _Text, i: int) -> int:
    while length := t.phrase(i, ROLES):
        i += length
    return i


def _signature(t: _Text, i: int) -> tuple[int, int]:
    """A name signed after a thank-you: 'Xin cảm ơn. Nguyễn Văn An', 'cảm ơn luật sư - lan'."""
    for j in range(i, min(i + 8, len(t))):
        cap = t.capitalised(j)
        if cap:
            return j, cap
        if t.gap(j) and ((t.surname(j) and not t.isa(j, NOT_NAMES)) or t.middle_name_next(j)):
            return j, t.lower_run(j)  # "cảm ơn. trần văn an", "cam on. vo van an"
        tail = range(j, len(t))
        if t.gap(j) and len(tail) <= 4 and not any(t.stop(k) or t.isa(k, NOT_NAMES) for k in tail):
            return j, len(tail)  # the few words left after a break end the message: a signature
    return i, 0


def _full_name(t: _Text, i: int) -> int:
    """'Nguyễn Văn An' anywhere; in lower case only with the unmistakable 'nguyễn'."""
    cap = t.capitalised(i)
    if cap >= 2 and t.surname(i):
        if " ".join(map(_fold, t.lower[i:i + 3])) in PLACES or " ".join(map(_fold, t.lower[i:i + 2])) in PLACES:
            return 0
        return cap
    if t.words[i].group() == "nguyễn":
        return t.lower_run(i)
    return 0


def _place(t: _Text, i: int) -> bool:
    """Word i names a place: it follows "phường", "tỉnh"… ("phường Hoàng Mai"), or it is a title inside
    a proper noun ("Hai Bà Trưng", "Cầu Ông Lãnh")."""
    if i == 0 or t.gap(i):
        return False
    if t.isa(i - 1, PLACE_MARKERS):
        return True
    return t.words[i].group()[0].isupper() and t.words[i - 1].group()[0].isupper() and t.isa(i, TITLE_WORDS)


def _find(t: _Text, i: int) -> tuple[int, int]:
    """(first word, word count) of a name found from word i, count 0 if none."""
    if _place(t, i):
        return i, 0
    naming = t.phrase(i, NAMING)
    tên_colon = t.isa(i, TÊN) and t.text[t.words[i].end():].lstrip()[:1] == ":"
    if naming or tên_colon:
        start = i + (naming or 1)
        if found := _name_at(t, start, loose=True):
            return start, found
    if intro := t.phrase(i, INTRODUCTIONS):
        start = _skip_roles(t, i + intro)
        if found := _name_at(t, start, loose=False):
            return start, found
    if (title := t.phrase(i, TITLES)) and " ".join(t.lower[i:i + title + 1]) not in PUBLIC_FIGURES:
        if found := _name_at(t, i + title, loose=False):
            return i + title, found
    if thanks := t.phrase(i, THANKS):
        start, found = _signature(t, i + thanks)
        if found:
            return start, found
    if i > 0 and t.gap(i)[-1:] in ("-", "–", "—") and 0 < len(t) - i == t.capitalised(i, limit=4) and \
            not (len(t.gap(i)) == 1 and t.words[i - 1].group()[0].isupper()):  # "Bà Rịa - Vũng Tàu" is a place
        return i, len(t) - i  # a name signed at the end after a dash: "… 0909 123 456 - Hoa"
    return i, _full_name(t, i)


def _spans(text: str) -> list[tuple[int, int]]:
    t = _Text(text)
    spans, i = [], 0
    while i < len(t):
        start, found = _find(t, i)
        if found:
            spans.append((t.words[start].start(), t.words[start + found - 1].end()))
            i = start + found
        else:
            i += 1
    return spans


def remove_names(text: str) -> str:
    for start, end in reversed(_spans(text)):
        text = text[:start] + PLACEHOLDER + text[end:]
    return text
