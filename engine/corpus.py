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
from .records import Article, Document
from .statutes import CorpusError, Issue, ParsedFile, parse_file

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS_DIR = PROJECT_ROOT / "corpus"
DEFAULT_LAWS_DIR = PROJECT_ROOT.parent / "shared" / "laws"

_DOCUMENT_KEYS = {"file", "short_name", "appendix", "replaced_by", "replaced_on", "pending"}
_PENDING_KEYS = {"by", "since", "articles", "summary"}
_MISSING_KEYS = {"number", "title", "short_name", "issued", "effective"}


def laws_dir(explicit: str | os.PathLike | None = None) -> Path:
    """--laws, else LAWS_DIR, else ../shared/laws beside the project."""
    return Path(explicit or os.environ.get("LAWS_DIR") or DEFAULT_LAWS_DIR)


@dataclass(frozen=True)
class Amendment:
    by: str
    since: dt.date
    articles: tuple[str, ...]
    summary: str


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
        issues.append(Issue(path.name, 0, f"manifest not found at {path}"))
        return [], [], ""
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(err))) else 1
        issues.append(Issue(path.name, line, f"not valid TOML: {err}"))
        return [], [], ""
    unknown_top = set(data) - {"document", "missing"}
    for key in sorted(unknown_top):
        issues.append(Issue(path.name, _line_of(source, key), f"unknown table {key!r} (use [[document]] or [[missing]])"))
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
        issues.append(Issue(path.name, 1, f"not UTF-8: {err}"))
        return []
    for lineno, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        phrase, sep, rest = line.partition("=>")
        phrase = text.normalize(phrase)
        targets = tuple(t for t in (text.normalize(t) for t in rest.split("|")) if t)
        if not sep or not phrase or not targets:
            issues.append(Issue(path.name, lineno, "expected 'colloquial phrase => statute term | other term'"))
            continue
        if phrase in seen:
            issues.append(Issue(path.name, lineno, f"phrase {phrase!r} already defined at line {seen[phrase]}"))
            continue
        seen[phrase] = lineno
        entries.append(LexiconEntry(phrase, targets, lineno))
    return entries


def _check_lexicon(entries: list[LexiconEntry], articles: list[Article], name: str, issues: list[Issue]) -> None:
    haystack = "\n".join(text.normalize(f"{a.title}\n{a.full_text}") for a in articles)
    for entry in entries:
        for target in entry.targets:
            if target not in haystack:
                issues.append(Issue(name, entry.line, f"target term {target!r} occurs nowhere in the corpus"))


def corpus_hash(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"")
    return digest.hexdigest()[:16]


def load_corpus(corpus_dir: str | os.PathLike | None = None, laws: str | os.PathLike | None = None) -> Corpus:
    """Read and validate everything; raise `CorpusError` listing every problem."""
    corpus_dir = Path(corpus_dir or DEFAULT_CORPUS_DIR)
    law_dir = laws_dir(laws)
    issues: list[Issue] = []
    manifest_path = corpus_dir / "documents.toml"
    entries, missing_entries, source = _load_manifest(manifest_path, issues)
    mname = manifest_path.name
    if not law_dir.is_dir():
        raise CorpusError([Issue(str(law_dir), 0, "laws directory not found; pass --laws DIR or set LAWS_DIR")])

    documents: dict[str, Document] = {}
    articles: list[Article] = []
    amendments: dict[str, tuple[Amendment, ...]] = {}
    hashed = [manifest_path]
    for entry in entries:
        line = _line_of(source, f'"{entry.get("file", "")}"')
        for key in sorted(set(entry) - _DOCUMENT_KEYS):
            issues.append(Issue(mname, _line_of(source, key, line), f"unknown key {key!r} in [[document]] (known: {', '.join(sorted(_DOCUMENT_KEYS))})"))
        if not entry.get("file") or not entry.get("short_name"):
            issues.append(Issue(mname, line, "each [[document]] needs file and short_name"))
            continue
        path = law_dir / entry["file"]
        if not path.is_file():
            issues.append(Issue(mname, line, f"file {entry['file']!r} not found in {law_dir}"))
            continue
        hashed.append(path)
        parsed = parse_file(path)
        issues.extend(parsed.issues)
        if parsed.issues:
            continue
        if entry.get("appendix"):
            if parsed.key not in documents:
                issues.append(Issue(mname, line, f"appendix {entry['file']!r} must come after the document {parsed.key}"))
                continue
            articles.extend(parsed.articles)
            continue
        if parsed.key in documents:
            issues.append(Issue(mname, line, f"document {parsed.key} is listed twice (also {documents[parsed.key].file})"))
            continue
        doc = _document_from(parsed, entry)
        pending = []
        for p in entry.get("pending", []):
            bad = set(p) - _PENDING_KEYS
            if bad or not p.get("by") or not isinstance(p.get("since"), dt.date):
                issues.append(Issue(mname, line, f"[[document.pending]] needs by, since (a date), articles, summary; unknown: {sorted(bad)}"))
                continue
            labels = {a.label for a in parsed.articles}
            for label in p.get("articles", []):
                if label not in labels:
                    issues.append(Issue(mname, line, f"pending amendment {p['by']} names Điều {label}, which {doc.number} does not have"))
            pending.append(Amendment(p["by"], p["since"], tuple(p.get("articles", [])), p.get("summary", "")))
        doc = replace(doc, pending_amendments=tuple(a.by for a in pending))
        amendments[doc.key] = tuple(pending)
        documents[doc.key] = doc
        articles.extend(parsed.articles)

    missing = {}
    for m in missing_entries:
        bad = set(m) - _MISSING_KEYS
        if bad or not m.get("number") or not m.get("title"):
            issues.append(Issue(mname, _line_of(source, str(m.get("number", "[[missing]]"))),
                                f"[[missing]] needs number and title; unknown keys: {sorted(bad)}"))
            continue
        missing[m["number"]] = m

    lexicon_path = corpus_dir / "lexicon.txt"
    lexicon = load_lexicon(lexicon_path, issues)
    hashed.append(lexicon_path)
    if not issues:
        _check_lexicon(lexicon, [a for a in articles if not a.repealed], lexicon_path.name, issues)

    from .curated import load_qa  # late: curated answers are checked against the parsed articles
    qa_files = sorted((corpus_dir / "qa").glob("*.yaml")) if (corpus_dir / "qa").is_dir() else []
    hashed.extend(qa_files)
    qa = load_qa(qa_files, documents, articles, issues) if not issues else []
    if issues:
        raise CorpusError(issues)
    return Corpus(documents=documents, articles=articles, amendments=amendments, missing=missing,
                  lexicon=lexicon, qa=qa, hash=corpus_hash(hashed))
