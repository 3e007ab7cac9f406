"""The manifest, the laws directory, the lexicon and curated Q&A → one `Corpus`.

All problems in all files are collected and raised together as a `CorpusError`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import text
from .curated import load_qa
from .records import Article, Document
from .statutes import CorpusError, Issue, ParsedFile, parse_file

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS_DIR = PROJECT_ROOT / "corpus"
DEFAULT_LAWS_DIR = PROJECT_ROOT.parent / "shared" / "laws"

_DOCUMENT_KEYS = {"file", "short_name", "appendix", "replaced_by", "replaced_on", "pending"}
_PENDING_KEYS = {"by", "since", "articles", "clauses", "text", "summary"}
_MISSING_KEYS = {"number", "title", "short_name", "issued", "effective"}


def laws_dir(explicit: str | os.PathLike | None = None) -> Path:
    """--laws, else LAWS_DIR, else ../shared/laws beside the project."""
    return Path(explicit or os.environ.get("LAWS_DIR") or DEFAULT_LAWS_DIR)


@dataclass(frozen=True)
class Amendment:
    """An amendment in force whose wording is not in the amended document's file.

    `articles` lists every article it touches (those of `clauses` included), so a reader that
    only knows articles still warns. `clauses` narrows it: "42.7" is khoản 7 Điều 42,
    "44.2.b" điểm b of it; an article listed only through its clauses is touched only there.
    `text` cites where the amending wording is in the corpus ("41/2024/QH15 Điều 139 Khoản 1"),
    empty when the corpus does not hold it."""
    by: str
    since: dt.date
    articles: tuple[str, ...]
    summary: str
    clauses: tuple[str, ...] = ()
    text: str = ""

    def touches(self, article: str | None = None, clause: str | None = None, point: str | None = None) -> bool:
        """Whether this amendment changes that provision (None = the whole article / document)."""
        if not self.articles:
            return True
        if article is None:
            return True
        if article not in self.articles:
            return False
        listed = [c.split(".") for c in self.clauses if c.split(".")[0] == article]
        if not listed or clause is None:
            return True  # the whole article is amended, or the question is the whole article
        for parts in listed:
            if parts[1] == clause and (len(parts) < 3 or point is None or parts[2] == point):
                return True
        return False


@dataclass(frozen=True)
class LexiconEntry:
    phrase: str                 # normalised colloquial phrase
    targets: tuple[str, ...]    # normalised statute terms
    line: int


@dataclass
class Corpus:
    documents: dict[str, Document]
    articles: list[Article]
    amendments: dict[str, tuple[Amendment, ...]] = field(default_factory=dict)
    missing: dict[str, dict] = field(default_factory=dict)
    lexicon: list[LexiconEntry] = field(default_factory=list)
    qa: list = field(default_factory=list)
    hash: str = ""

    def lacks(self, number: str) -> bool:
        """True when no version of that document is in the corpus (a missing successor)."""
        return not any(d.number == number for d in self.documents.values())

    def version(self, number: str, day: dt.date) -> Document | None:
        """The version of a document that applies on `day` (in force), else its latest."""
        versions = [d for d in self.documents.values() if d.number == number]
        in_force = [d for d in versions if d.in_force(day)]
        return (in_force or sorted(versions, key=lambda d: d.valid_from or d.effective) or [None])[-1]

    def document_name(self, number: str) -> str:
        """How to name a document number in a sentence, even one not in the corpus."""
        for doc in self.documents.values():
            if doc.number == number:
                return doc.display_name
        if number in self.missing:
            return self.missing[number].get("short_name") or f"{self.missing[number]['title']} số {number}"
        return number


def _line_of(source: str, needle: str, after: int = 0) -> int:
    """First line (1-based) at or after `after` that contains `needle` (tomllib gives no positions)."""
    for i, line in enumerate(source.splitlines(), 1):
        if i >= after and needle in line:
            return i
    return max(after, 1)


def _load_manifest(path: Path, issues: list[Issue]) -> tuple[list[dict], list[dict], str]:
    try:
        source = path.read_text(encoding="utf-8")
        data = tomllib.loads(source)
    except FileNotFoundError:
        issues.append(Issue(path.name, 0, f"không tìm thấy tệp kê khai văn bản {path}"))
        return [], [], ""
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(err))) else 1
        issues.append(Issue(path.name, line, f"sai cú pháp TOML ({err})"))
        return [], [], ""
    unknown_top = set(data) - {"document", "missing"}
    for key in sorted(unknown_top):
        issues.append(Issue(path.name, _line_of(source, key), f"bảng {key!r} không hợp lệ (dùng [[document]] hoặc [[missing]])"))
    return data.get("document", []), data.get("missing", []), source


def _document_from(parsed: ParsedFile, entry: dict) -> Document:
    h = parsed.header
    amended_by = str(h.get("amended_by", ""))
    return Document(
        key=parsed.key, number=str(h["number"]), title=str(h["title"]), short_name=entry["short_name"],
        kind=str(h["kind"]), issuer=str(h["issuer"]), issued=h["issued"], effective=h["effective"],
        valid_from=h.get("valid_from"), valid_until=h.get("valid_until"),
        replaced_by=entry.get("replaced_by") or str(h.get("replaced_by", "")),
        replaced_on=entry.get("replaced_on") or h.get("replaced_on"),
        amended_by=amended_by, replaces=str(h.get("replaces", "")),
        text_state=str(h.get("text_state", "")), note=str(h.get("note", "")), file=parsed.path.name,
    )


def load_lexicon(path: Path, issues: list[Issue]) -> list[LexiconEntry]:
    """Lines `colloquial phrase => statute term | other term`; '#' starts a comment."""
    if not path.exists():
        return []
    entries: list[LexiconEntry] = []
    seen: dict[str, int] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as err:
        issues.append(Issue(path.name, 1, f"tệp không phải UTF-8 ({err.reason}); hãy lưu lại dạng UTF-8"))
        return []
    for lineno, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        phrase, sep, rest = line.partition("=>")
        phrase = text.normalize(phrase)
        targets = tuple(t for t in (text.normalize(t) for t in rest.split("|")) if t)
        if not sep or not phrase or not targets:
            issues.append(Issue(path.name, lineno, "dòng phải có dạng 'cách nói thường ngày => thuật ngữ trong luật | thuật ngữ khác'"))
            continue
        if phrase in seen:
            issues.append(Issue(path.name, lineno, f"cách nói {phrase!r} đã có ở dòng {seen[phrase]}"))
            continue
        seen[phrase] = lineno
        entries.append(LexiconEntry(phrase, targets, lineno))
    return entries


def _check_lexicon(entries: list[LexiconEntry], articles: list[Article], name: str, issues: list[Issue]) -> None:
    haystack = "\n".join(text.normalize(f"{a.title}\n{a.full_text}") for a in articles)
    for entry in entries:
        for target in entry.targets:
            if target not in haystack:
                issues.append(Issue(name, entry.line, f"thuật ngữ đích {target!r} không xuất hiện trong văn bản luật nào của kho"))


def _amendment(p: dict, parsed: ParsedFile, doc: Document, mname: str, line: int, issues: list[Issue]) -> Amendment | None:
    """One [[document.pending]] table, its articles and clauses checked against the document."""
    bad = set(p) - _PENDING_KEYS
    if bad or not p.get("by") or not isinstance(p.get("since"), dt.date):
        issues.append(Issue(mname, line, "[[document.pending]] cần by, since (một ngày YYYY-MM-DD), articles, summary"
                            + (f"; khóa không hợp lệ: {', '.join(sorted(bad))}" if bad else "")))
        return None
    articles = {a.label: a for a in parsed.articles}
    labels = [str(a) for a in p.get("articles", [])]
    for label in labels:
        if label not in articles:
            issues.append(Issue(mname, line, f"sửa đổi {p['by']} nêu Điều {label}, nhưng {doc.number} không có điều này"))
    clauses = [str(c) for c in p.get("clauses", [])]
    for ref in clauses:
        parts = ref.split(".")
        article = articles.get(parts[0])
        clause = next((c for c in article.clauses if c.label == parts[1]), None) if article and len(parts) > 1 else None
        point_ok = len(parts) < 3 or (clause is not None and any(pt.label == parts[2] for pt in clause.points))
        if len(parts) not in (2, 3) or clause is None or not point_ok:
            issues.append(Issue(mname, line, f"sửa đổi {p['by']} nêu khoản {ref!r} (viết 'điều.khoản' hoặc "
                                             f"'điều.khoản.điểm', ví dụ \"44.2.b\"), nhưng {doc.number} không có khoản đó"))
        elif parts[0] not in labels:
            labels.append(parts[0])
    return Amendment(p["by"], p["since"], tuple(labels), p.get("summary", ""), tuple(clauses), str(p.get("text", "")))


_TEXT_CITATION = re.compile(r"^(?P<doc>\S+) Điều (?P<article>\d+[a-z]?)(?: Khoản (?P<clause>\d+[a-z]?))?$")


def _check_amending_texts(amendments: dict, articles: list[Article], mname: str, source: str, issues: list[Issue]) -> None:
    """`text` of a pending amendment must name a provision the corpus holds."""
    by_number = {(a.doc_key.split("@")[0], a.label): a for a in articles}
    for pending in amendments.values():
        for a in pending:
            if not a.text:
                continue
            m = _TEXT_CITATION.match(a.text)
            article = by_number.get((m["doc"], m["article"])) if m else None
            if article is None or (m["clause"] and not any(c.label == m["clause"] for c in article.clauses)):
                issues.append(Issue(mname, _line_of(source, a.text), f"text = {a.text!r}: không tìm thấy điều khoản này "
                                    "trong kho (viết như \"41/2024/QH15 Điều 139 Khoản 1\")"))


def corpus_hash(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"")
    return digest.hexdigest()[:16]


def _load_documents(entries: list[dict], source: str, law_dir: Path, mname: str, issues: list[Issue]):
    """Each [[document]]'s law file → (documents, articles, amendments, files read)."""
    documents: dict[str, Document] = {}
    articles: list[Article] = []
    amendments: dict[str, tuple[Amendment, ...]] = {}
    hashed: list[Path] = []
    for entry in entries:
        line = _line_of(source, f'"{entry.get("file", "")}"')
        for key in sorted(set(entry) - _DOCUMENT_KEYS):
            issues.append(Issue(mname, _line_of(source, key, line),
                                f"khóa {key!r} không hợp lệ trong [[document]] (các khóa: {', '.join(sorted(_DOCUMENT_KEYS))})"))
        if not entry.get("file") or not entry.get("short_name"):
            issues.append(Issue(mname, line, "mỗi [[document]] cần có file và short_name"))
            continue
        path = law_dir / entry["file"]
        if not path.is_file():
            issues.append(Issue(mname, line, f"không tìm thấy tệp {entry['file']!r} trong thư mục văn bản luật {law_dir}"))
            continue
        hashed.append(path)
        parsed = parse_file(path)
        issues.extend(parsed.issues)
        if parsed.issues:
            continue
        if entry.get("appendix"):
            if parsed.key not in documents:
                issues.append(Issue(mname, line, f"phụ lục {entry['file']!r} phải đứng sau văn bản {parsed.key} mà nó kèm theo"))
                continue
            articles.extend(parsed.articles)
            continue
        if parsed.key in documents:
            issues.append(Issue(mname, line, f"văn bản {parsed.key} được liệt kê hai lần (cùng với {documents[parsed.key].file})"))
            continue
        doc = _document_from(parsed, entry)
        pending = [a for p in entry.get("pending", []) if (a := _amendment(p, parsed, doc, mname, line, issues))]
        doc = replace(doc, pending_amendments=tuple(a.by for a in pending))
        amendments[doc.key] = tuple(pending)
        documents[doc.key] = doc
        articles.extend(parsed.articles)
    return documents, articles, amendments, hashed


def _load_missing(missing_entries: list[dict], source: str, mname: str, issues: list[Issue]) -> dict[str, dict]:
    missing = {}
    for m in missing_entries:
        bad = set(m) - _MISSING_KEYS
        if bad or not m.get("number") or not m.get("title"):
            issues.append(Issue(mname, _line_of(source, str(m.get("number", "[[missing]]"))),
                                "[[missing]] cần có number và title"
                                + (f"; khóa không hợp lệ: {', '.join(sorted(bad))}" if bad else "")))
            continue
        missing[m["number"]] = m
    return missing


def load_corpus(corpus_dir: str | os.PathLike | None = None, laws: str | os.PathLike | None = None) -> Corpus:
    """Read and validate everything; raise `CorpusError` listing every problem.

    Every file is read even when another is broken, so an editor sees all the problems of the
    manifest, the laws, the lexicon and the Q&A in one run. Checks that need the laws (lexicon
    targets, citations) run only once the laws loaded, so one broken law file is reported once."""
    corpus_dir = Path(corpus_dir or DEFAULT_CORPUS_DIR)
    law_dir = laws_dir(laws)
    issues: list[Issue] = []
    manifest_path = corpus_dir / "documents.toml"
    entries, missing_entries, source = _load_manifest(manifest_path, issues)
    mname = manifest_path.name
    documents, articles, amendments, law_files = {}, [], {}, []
    if law_dir.is_dir():
        documents, articles, amendments, law_files = _load_documents(entries, source, law_dir, mname, issues)
        _check_amending_texts(amendments, articles, mname, source, issues)
    else:
        issues.append(Issue(str(law_dir), 0, "không tìm thấy thư mục văn bản luật; dùng --laws DIR hoặc biến LAWS_DIR"))
    missing = _load_missing(missing_entries, source, mname, issues)
    laws_ok = not issues

    lexicon_path = corpus_dir / "lexicon.txt"
    lexicon = load_lexicon(lexicon_path, issues)
    if laws_ok:
        _check_lexicon(lexicon, [a for a in articles if not a.repealed], lexicon_path.name, issues)
    qa_files = sorted((corpus_dir / "qa").glob("*.yaml")) if (corpus_dir / "qa").is_dir() else []
    qa = load_qa(qa_files, documents, articles, issues, amendments, root=corpus_dir, check_citations=laws_ok)
    if issues:
        raise CorpusError(issues)
    hashed = [manifest_path, *law_files, lexicon_path, *qa_files]
    return Corpus(documents=documents, articles=articles, amendments=amendments, missing=missing,
                  lexicon=lexicon, qa=qa, hash=corpus_hash(hashed))
