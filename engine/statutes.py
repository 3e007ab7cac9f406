"""Parse one law file (header block + Chương / Mục / Điều / Khoản / Điểm) into records.

Every problem becomes a located `Issue`; the parser never stops at the first one,
so an editor sees everything wrong with a file in one run.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from .records import Article, Clause, Point

REQUIRED_KEYS = ("number", "title", "kind", "issuer", "issued", "effective")
OPTIONAL_KEYS = ("replaces", "replaced_by", "replaced_on", "valid_from", "valid_until",
                 "consolidation", "amends", "amended_by", "text_state", "note")
DATE_KEYS = ("issued", "effective", "replaced_on", "valid_from", "valid_until")

_ARTICLE = re.compile(r"^Điều (\d+)([a-z]?)\.\s*(.*)$")
_CHAPTER = re.compile(r"^Chương ([IVXLCDM]+[A-Za-z]?)\b\s*(.*)$")
_SECTION = re.compile(r"^Mục (\d+)\b\s*(.*)$")
_CLAUSE = re.compile(r"^(\d+[a-z]?)\.\s+(.*)$")
_POINT = re.compile(r"^([a-zđ]\d?)\)\s+(.*)$")
_APPENDIX_ITEM = re.compile(r"^(\d+)\.\s+(.*)$")
_HEADINGS = (("chapter", "Chương", _CHAPTER), ("section", "Mục", _SECTION))
_NOTE_PREFIX = "[Ghi chú nguồn"
_REPEALED_CLAUSE = re.compile(r"^\(?\s*(được|bị)\s+bãi\s+bỏ\s*\)?[.;]?$", re.IGNORECASE)


@dataclass(frozen=True)
class Issue:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class CorpusError(Exception):
    """Raised with every issue found, so they can all be fixed in one pass."""

    def __init__(self, issues: list[Issue]):
        self.issues = list(issues)
        super().__init__("\n".join(map(str, self.issues)))


@dataclass
class ParsedFile:
    path: Path
    header: dict[str, object] = field(default_factory=dict)
    header_lines: dict[str, int] = field(default_factory=dict)
    articles: list[Article] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def key(self) -> str:
        number = str(self.header.get("number", ""))
        valid_from = self.header.get("valid_from")
        return f"{number}@{valid_from.isoformat()}" if isinstance(valid_from, dt.date) else number


def read_text(path: Path, issues: list[Issue]) -> list[str] | None:
    """The file's lines, or None with a located issue when it is not UTF-8."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        issues.append(Issue(path.name, line, f"tệp không phải UTF-8 (byte 0x{raw[err.start]:02x}); hãy lưu lại dạng UTF-8"))
        return None
    return text.lstrip("\ufeff").splitlines()


def parse_header(lines: list[str], name: str, issues: list[Issue]) -> tuple[dict, dict, int]:
    """Header fields, their line numbers and the index of the first body line."""
    if not lines or lines[0].strip() != "---":
        issues.append(Issue(name, 1, "tệp phải bắt đầu bằng phần đầu mở bằng một dòng '---'"))
        return {}, {}, 0
    header: dict[str, object] = {}
    where: dict[str, int] = {}
    end = None
    for i in range(1, len(lines)):
        line = lines[i]
        if line.strip() == "---":
            end = i
            break
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep:
            issues.append(Issue(name, i + 1, f"dòng phần đầu không có dạng 'khóa: giá trị': {line[:60]!r}"))
            continue
        if key not in REQUIRED_KEYS and key not in OPTIONAL_KEYS:
            issues.append(Issue(name, i + 1, f"khóa phần đầu {key!r} không hợp lệ (các khóa: {', '.join(REQUIRED_KEYS + OPTIONAL_KEYS)})"))
            continue
        if key in header:
            issues.append(Issue(name, i + 1, f"khóa phần đầu {key!r} ghi hai lần (lần đầu ở dòng {where[key]})"))
            continue
        value = value.strip()
        if key in DATE_KEYS:
            try:
                header[key] = dt.date.fromisoformat(value)
            except ValueError:
                issues.append(Issue(name, i + 1, f"{key} phải là một ngày dạng YYYY-MM-DD, không phải {value!r}"))
                where[key] = i + 1  # given, though unreadable: reported once, not again as missing
                continue
        else:
            header[key] = value
        where[key] = i + 1
    if end is None:
        issues.append(Issue(name, len(lines), "phần đầu không được đóng bằng một dòng '---'"))
        return header, where, len(lines)
    for key in REQUIRED_KEYS:
        if not header.get(key) and key not in where:
            issues.append(Issue(name, end + 1, f"phần đầu thiếu trường {key!r}"))
    if ("replaced_by" in where) != ("replaced_on" in where):
        issues.append(Issue(name, end + 1, "replaced_by và replaced_on đi cùng nhau: ghi cả hai hoặc không ghi"))
    return header, where, end + 1


def _is_repealing_note(note: str) -> bool:
    # "có nội dung bị bãi bỏ" repeals only part of an article; the article stays.
    return "bị bãi bỏ" in note and "có nội dung bị bãi bỏ" not in note


class _ArticleBuilder:
    def __init__(self, doc_key, label, title, chapter, section, line):
        self.doc_key, self.label, self.title = doc_key, label, title
        self.chapter, self.section, self.line = chapter, section, line
        self.intro: list[str] = []
        self.clauses: list[list] = []   # [label, [text lines], [points], line]
        self.note = ""

    def add_text(self, text: str) -> None:
        if not self.clauses:
            self.intro.append(text)
        elif self.clauses[-1][2]:
            self.clauses[-1][2][-1][1].append(text)
        else:
            self.clauses[-1][1].append(text)

    def build(self) -> Article:
        clauses = []
        for label, texts, points, line in self.clauses:
            text = "\n".join(texts)
            clauses.append(Clause(
                label=label, text=text, line=line,
                points=tuple(Point(p_label, "\n".join(p_texts), p_line) for p_label, p_texts, p_line in points),
                repealed=bool(_REPEALED_CLAUSE.match(text.strip())) and not points,
            ))
        has_text = bool(self.intro) or any(not c.repealed for c in clauses)
        repealed = _is_repealing_note(self.note) or (bool(clauses) and not has_text) or (bool(self.note) and not has_text)
        return Article(
            id=f"{self.doc_key}/d{self.label}", doc_key=self.doc_key, label=self.label, title=self.title,
            intro="\n".join(self.intro), clauses=tuple(clauses), chapter=self.chapter, section=self.section,
            repealed=repealed, source_note=self.note, line=self.line,
        )


def _quote_balance(line: str) -> int:
    return line.count("“") - line.count("”")


class _BodyParser:
    """The structure of a law's body, line by line: headings, articles, clauses, points,
    notes, and text quoted by an amending law (the amended law's words, not our structure)."""

    def __init__(self, name: str, doc_key: str, issues: list[Issue]):
        self.name, self.doc_key, self.issues = name, doc_key, issues
        self.articles: list[Article] = []
        self.current: _ArticleBuilder | None = None
        self.headings = {"chapter": "", "section": ""}
        self.pending_title: str | None = None   # "chapter" / "section": the next line is its title
        self.seen: dict[tuple[int, str], int] = {}
        self.last_key: tuple[int, str] | None = None
        self.quote_depth = 0

    def feed(self, lineno: int, line: str) -> None:
        in_quote = self.quote_depth > 0 or line.startswith("“")
        self.quote_depth = max(0, self.quote_depth + _quote_balance(line))
        if in_quote:
            if self.current is None:
                self.issues.append(Issue(self.name, lineno, "đoạn trích dẫn đứng trước điều đầu tiên"))
            else:
                self.current.add_text(line)
        elif self.pending_title:
            self.headings[self.pending_title] += f". {line}"
            self.pending_title = None
        elif heading := next(((k, w, m) for k, w, regex in _HEADINGS if (m := regex.match(line))), None):
            self._heading(*heading)
        elif m := _ARTICLE.match(line):
            self._article(m, lineno)
        elif self.current is None:
            self.issues.append(Issue(self.name, lineno, f"có chữ trước điều đầu tiên: {line[:60]!r}"))
        elif line.startswith(_NOTE_PREFIX):
            self.current.note = (self.current.note + " " + line).strip()
        elif m := _CLAUSE.match(line):
            self.current.clauses.append([m.group(1), [m.group(2)], [], lineno])
        elif (m := _POINT.match(line)) and self.current.clauses:
            self.current.clauses[-1][2].append((m.group(1), [m.group(2)], lineno))
        else:
            self.current.add_text(line)

    def _heading(self, kind: str, word: str, m: re.Match) -> None:
        self.headings[kind] = f"{word} {m.group(1)}" + (f". {m.group(2)}" if m.group(2) else "")
        if kind == "chapter":
            self.headings["section"] = ""  # a new chapter closes the section
        self.pending_title = None if m.group(2) else kind  # title on the next line

    def _article(self, m: re.Match, lineno: int) -> None:
        if self.current:
            self.articles.append(self.current.build())
        key, label = (int(m.group(1)), m.group(2)), f"{m.group(1)}{m.group(2)}"
        if key in self.seen:
            self.issues.append(Issue(self.name, lineno, f"Điều {label} xuất hiện hai lần (lần đầu ở dòng {self.seen[key]})"))
        elif self.last_key and key < self.last_key:
            self.issues.append(Issue(self.name, lineno, f"Điều {label} sai thứ tự: đứng sau Điều "
                                                        f"{self.last_key[0]}{self.last_key[1]}"))
        self.seen.setdefault(key, lineno)
        self.last_key = max(key, self.last_key or key)
        if not m.group(3):
            self.issues.append(Issue(self.name, lineno, f"Điều {label} không có tên điều sau 'Điều {label}.'"))
        self.current = _ArticleBuilder(self.doc_key, label, m.group(3), self.headings["chapter"],
                                       self.headings["section"], lineno)

    def finish(self, body: list[tuple[int, str]]) -> list[Article]:
        if self.current:
            self.articles.append(self.current.build())
        if self.pending_title:
            self.issues.append(Issue(self.name, body[-1][0], "tiêu đề Chương hoặc Mục không có dòng tên"))
        if not self.articles:
            self.issues.append(Issue(self.name, body[0][0], "thân văn bản không có điều nào (dòng 'Điều N. Tên điều')"))
        return self.articles


def parse_body(lines: list[str], start: int, name: str, doc_key: str, issues: list[Issue]) -> list[Article]:
    body = [(i + 1, lines[i].strip()) for i in range(start, len(lines)) if lines[i].strip()]
    if not body:
        issues.append(Issue(name, len(lines), "tệp có phần đầu nhưng không có thân văn bản"))
        return []
    if body[0][1].upper() == "PHỤ LỤC":
        items = _parse_appendix(body, doc_key)
        if not items:
            issues.append(Issue(name, body[0][0], "phụ lục ('PHỤ LỤC') không có mục đánh số nào ('1. Tên')"))
        return items
    parser = _BodyParser(name, doc_key, issues)
    for lineno, line in body:
        parser.feed(lineno, line)
    return parser.finish(body)


def _parse_appendix(body: list[tuple[int, str]], doc_key: str) -> list[Article]:
    """An appendix such as the wage-region list: numbered items, each with its lines."""
    heading = [line for _, line in body[1:4] if not _APPENDIX_ITEM.match(line)]
    title = heading[0].capitalize() if heading else "Phụ lục"
    items: list[Article] = []
    label = name = ""
    lines: list[str] = []
    start = 0

    def flush():
        if label:
            items.append(Article(
                id=f"{doc_key}/pl{label}", doc_key=doc_key, label=f"PL-{label}", title=name,
                intro="\n".join(lines), chapter=f"Phụ lục. {title}", line=start, appendix=True))

    for lineno, line in body[1:]:
        if m := _APPENDIX_ITEM.match(line):
            flush()
            label, name, lines, start = m.group(1), m.group(2), [], lineno
        elif label:
            lines.append(line)
    flush()
    return items


def parse_file(path: Path | str) -> ParsedFile:
    """Parse one law file; problems are collected in `ParsedFile.issues`."""
    path = Path(path)
    parsed = ParsedFile(path=path)
    lines = read_text(path, parsed.issues)
    if lines is None:
        return parsed
    parsed.header, parsed.header_lines, start = parse_header(lines, path.name, parsed.issues)
    if parsed.issues and start == 0:
        return parsed
    parsed.articles = parse_body(lines, start, path.name, parsed.key, parsed.issues)
    return parsed
