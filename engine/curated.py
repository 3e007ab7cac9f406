"""Curated Q&A written by editors (corpus/qa/*.yaml): load, validate, cite.

Each file is a YAML list of entries:

    - id: thai-san-thoi-gian
      questions: [nghỉ thai sản được bao lâu, nghỉ đẻ mấy tháng]
      answer: Lao động nữ được nghỉ thai sản trước và sau khi sinh con là 06 tháng …
      provisions: [45/2019/QH14 Điều 139 Khoản 1]
      tags: [thai sản]
      drafted_by: Nhóm phát triển
      reviewed_by: Ban Pháp luật LĐLĐ tỉnh      # the three review lines are written by
      reviewed_on: 2026-11-22                   # `train.py --review ID --by NAME`
      reviewed_hash: 3f9a0c21d4b7

Every problem is a located issue (qa/file:line, in Vietnamese). A figure in an answer must
appear in the text of a provision the entry cites: an answer cannot state what its law does
not say. Review states are in `review`.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import yaml

from . import review, text
from .lexical import blend, stack_scores
from .statutes import Issue
from .weights import WEIGHTS

REQUIRED = ("id", "questions", "answer", "provisions", "tags")
OPTIONAL = ("drafted_by", "reviewed_by", "reviewed_on", "reviewed_hash")
# "45/2019/QH14 Điều 139 Khoản 1 Điểm a", or an appendix item: "293/2025/NĐ-CP Phụ lục 28".
_CITATION = re.compile(r"^\s*(?P<doc>\S+)\s+(?:Điều\s+(?P<article>\d+[a-z]?)|Phụ lục\s+(?P<item>\d+))"
                       r"(?:\s+Khoản\s+(?P<clause>\d+[a-z]?))?(?:\s+Điểm\s+(?P<point>[a-zđ]\d?))?\s*$")
# References and document numbers are not figures: "Điều 139", "khoản 2", "45/2019/QH14".
# Document numbers are removed first, so "Luật số 97/2025/QH15" does not leave "2025" behind.
_DOC_NUMBER = re.compile(r"\b\d+/\d{4}/[\wđĐ-]+")
_REFERENCE = re.compile(r"\b(?:điều|khoản|điểm|chương|mục|luật số|nghị định số|số)\s+\d+[a-zđ]?\b", re.IGNORECASE)
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Citation:
    doc: str
    article: str
    clause: str | None
    point: str | None
    doc_key: str = ""

    @property
    def article_id(self) -> str:
        """The cited Article's id in the corpus (appendix items are "PL-n", with ids ".../pln")."""
        if self.article.startswith("PL-"):
            return f"{self.doc_key}/pl{self.article[3:]}"
        return f"{self.doc_key}/d{self.article}"

    def __str__(self) -> str:
        if self.article.startswith("PL-"):
            return f"{self.doc} Phụ lục {self.article[3:]}"
        out = f"{self.doc} Điều {self.article}"
        if self.clause:
            out += f" Khoản {self.clause}"
        if self.point:
            out += f" Điểm {self.point}"
        return out


@dataclass(frozen=True)
class QAEntry:
    id: str
    questions: tuple[str, ...]
    answer: str
    provisions: tuple[Citation, ...]
    tags: tuple[str, ...]
    reviewed_by: str            # "" while a draft
    reviewed_on: dt.date | None  # None while a draft
    file: str                   # from the corpus root: "qa/luong.yaml"
    line: int
    review_status: str = review.DRAFT   # "reviewed" | "draft" | "needs_review"
    reviewed_hash: str = ""     # provisions' hash when reviewed
    provisions_hash: str = ""   # provisions' hash now
    blocked_by: str = ""        # why it cannot be marked reviewed now, if it cannot
    drafted_by: str = ""

    @property
    def reviewed(self) -> bool:
        return self.review_status == review.REVIEWED


def figures(value: str) -> set[str]:
    """The figures a text states (normalised: 06 → 6), references to provisions excluded.

    >>> sorted(figures("Nghỉ 06 tháng theo khoản 1 Điều 139; mức 5.310.000 đồng, 8%"))
    ['5.310.000', '6', '8']
    """
    cleaned = _REFERENCE.sub(" ", _DOC_NUMBER.sub(" ", text.normalize(value)))
    return {f.rstrip(".,") for f in _FIGURE.findall(cleaned)}


def _scalar(node) -> str:
    return node.value if isinstance(node, yaml.ScalarNode) else ""


def _entries(path: Path, name: str, issues: list[Issue]):
    """(mapping of key → (value node, line), entry line) for each entry, with located YAML errors."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as err:
        issues.append(Issue(name, 1, f"tệp không phải UTF-8 ({err.reason}); hãy lưu lại dạng UTF-8"))
        return
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or str(err)
        issues.append(Issue(name, (mark.line + 1) if mark else 1, f"sai cú pháp YAML ({problem}); kiểm tra thụt lề, dấu ngoặc, dấu hai chấm"))
        return
    if root is None:
        return
    if not isinstance(root, yaml.SequenceNode):
        issues.append(Issue(name, root.start_mark.line + 1, "tệp phải là một danh sách YAML các mục ('- id: …')"))
        return
    for item in root.value:
        if not isinstance(item, yaml.MappingNode):
            issues.append(Issue(name, item.start_mark.line + 1, "mỗi mục phải gồm các khóa id, questions, answer…"))
            continue
        yield {_scalar(k): (v, v.start_mark.line + 1) for k, v in item.value}, item.start_mark.line + 1


def _strings(node) -> list[str]:
    if isinstance(node, yaml.SequenceNode):
        return [_scalar(n).strip() for n in node.value]
    return [_scalar(node).strip()] if _scalar(node).strip() else []


def _resolve(citation: Citation, documents, by_doc_article) -> tuple[object | None, str]:
    """The cited article (current version), or None with the reason."""
    versions = [d for d in documents.values() if d.number == citation.doc]
    if not versions:
        return None, f"dẫn {citation}, nhưng văn bản {citation.doc} không có trong kho"
    today = dt.date.today()
    ordered = sorted(versions, key=lambda d: (d.in_force(today), d.valid_from or d.effective), reverse=True)
    for doc in ordered:
        article = by_doc_article.get((doc.key, citation.article))
        if article is not None:
            return (article, doc.key), ""
    what = f"mục {citation.article[3:]} trong phụ lục" if citation.article.startswith("PL-") else f"Điều {citation.article}"
    return None, f"dẫn {citation}, nhưng văn bản {citation.doc} không có {what}"


def _provision_text(article, citation: Citation) -> tuple[str | None, str]:
    if article.repealed:
        return None, f"dẫn {citation}, là quy định đã bị bãi bỏ"
    if not citation.clause:
        return f"{article.title}\n{article.full_text}", ""
    clause = next((c for c in article.clauses if c.label == citation.clause), None)
    if clause is None:
        return None, f"dẫn {citation}, nhưng Điều {citation.article} không có khoản {citation.clause}"
    if clause.repealed:
        return None, f"dẫn {citation}, là quy định đã bị bãi bỏ"
    if not citation.point:
        return clause.full_text, ""
    point = next((p for p in clause.points if p.label == citation.point), None)
    if point is None:
        return None, f"dẫn {citation}, nhưng khoản đó không có điểm {citation.point}"
    return f"{clause.text}\n{point.text}", ""


def _pending(citation: Citation, amendments: dict, today: dt.date) -> list:
    """Amendments in force on `today` recorded against the cited provision."""
    return [a for a in amendments.get(citation.doc_key, ())
            if a.since <= today and a.touches(citation.article, citation.clause, citation.point)]


def _cite(raw: str, where: int, ctx) -> tuple[Citation, str, list] | None:
    """One `provisions` item → (citation, text, amendments), or None with a located issue."""
    m = _CITATION.match(raw)
    if not m:
        ctx.issue(where, f"điều khoản {raw!r} không đúng cách viết '45/2019/QH14 Điều 139 Khoản 1'")
        return None
    citation = Citation(m["doc"], m["article"] or f"PL-{m['item']}", m["clause"], m["point"])
    resolved, problem = _resolve(citation, ctx.documents, ctx.by_doc_article)
    if not problem:
        article, doc_key = resolved
        body, problem = _provision_text(article, citation)
    if problem:
        ctx.issue(where, problem)
        return None
    citation = Citation(citation.doc, citation.article, citation.clause, citation.point, doc_key)
    return citation, body, _pending(citation, ctx.amendments, ctx.today)


def _review(fields: dict, cited: list, ctx) -> dict:
    def value(key):
        return (_scalar(fields[key][0]).strip(), fields[key][1]) if key in fields else ("", 0)
    return review.entry_review(value("reviewed_by"), value("reviewed_on"), value("reviewed_hash")[0], cited, ctx.issue)


class _Context:
    """What every entry is checked against, and where its problems go."""

    def __init__(self, documents, articles, amendments, issues, check_citations):
        self.documents, self.amendments, self.issues = documents, amendments or {}, issues
        self.by_doc_article = {(a.doc_key, a.label): a for a in articles}
        self.check_citations = check_citations
        self.today = dt.date.today()
        self.seen_ids: dict[str, str] = {}
        self.seen_questions: dict[str, str] = {}
        self.name = ""

    def issue(self, line: int, message: str) -> None:
        self.issues.append(Issue(self.name, line, message))


def _check_fields(fields: dict, line: int, ctx) -> dict | None:
    """The plain fields of one entry, or None when a required one is missing."""
    known = REQUIRED + OPTIONAL
    for key in sorted(set(fields) - set(known)):
        ctx.issue(fields[key][1], f"khóa {key!r} không hợp lệ (các khóa: {', '.join(known)})")
    missing = [k for k in REQUIRED if k not in fields]
    for key in missing:
        ctx.issue(line, f"mục thiếu khóa {key!r}")
    if missing:
        return None
    values = {"id": _scalar(fields["id"][0]).strip(), "questions": _strings(fields["questions"][0]),
              "answer": _scalar(fields["answer"][0]).strip(), "provisions": _strings(fields["provisions"][0]),
              "tags": _strings(fields["tags"][0])}
    for key, value in values.items():
        if not value or (isinstance(value, list) and not all(value)):
            ctx.issue(fields[key][1], f"{key} để trống")
    entry_id = values["id"]
    if entry_id in ctx.seen_ids:
        ctx.issue(fields["id"][1], f"id {entry_id!r} đã dùng ở {ctx.seen_ids[entry_id]}")
    ctx.seen_ids.setdefault(entry_id, f"{ctx.name}:{fields['id'][1]}")
    for q in values["questions"]:
        key = text.fold(text.normalize(q)).strip(" ?.!")
        if key and key in ctx.seen_questions:
            ctx.issue(fields["questions"][1], f"cách hỏi {q!r} đã dùng ở {ctx.seen_questions[key]}")
        ctx.seen_questions.setdefault(key, f"{ctx.name}:{fields['questions'][1]}")
    return values


def _load_entry(fields: dict, line: int, ctx) -> QAEntry | None:
    values = _check_fields(fields, line, ctx)
    if values is None or not ctx.check_citations:
        return None
    cited = [c for raw in values["provisions"] if (c := _cite(raw, fields["provisions"][1], ctx))]
    if cited:
        allowed = set().union(*(figures(body) for _, body, _ in cited))
        for figure in sorted(figures(values["answer"]) - allowed):
            ctx.issue(fields["answer"][1], f"câu trả lời nêu con số {figure!r}, nhưng không điều khoản nào được dẫn có con số này")
    state = _review(fields, cited, ctx)
    if not (values["id"] and values["questions"] and values["answer"] and cited):
        return None
    drafted_by = _scalar(fields["drafted_by"][0]).strip() if "drafted_by" in fields else ""
    return QAEntry(values["id"], tuple(values["questions"]), values["answer"], tuple(c for c, _, _ in cited),
                   tuple(values["tags"]), file=ctx.name, line=line, drafted_by=drafted_by, **state)


def load_qa(files: list[Path], documents, articles, issues: list[Issue], amendments: dict | None = None,
            root: Path | None = None, check_citations: bool = True) -> list[QAEntry]:
    """Every entry of every file, validated; problems are appended to `issues` as `qa/x.yaml:line`.

    With `check_citations` False (the laws themselves failed to load) only the files' own
    syntax and fields are checked, so a broken law file does not echo as one error per entry."""
    ctx = _Context(documents, articles, amendments, issues, check_citations)
    entries: list[QAEntry] = []
    for path in files:
        ctx.name = path.relative_to(root).as_posix() if root else f"qa/{path.name}"
        for fields, line in _entries(path, ctx.name, issues):
            entry = _load_entry(fields, line, ctx)
            if entry is not None:
                entries.append(entry)
    return entries


class CuratedIndex:
    """Every curated phrasing prepared like a question; `match` finds the entries a question
    asks. The constructor stores nothing; `fit` learns."""

    def fit(self, entries: list[QAEntry], preparer, semantic: bool) -> "CuratedIndex":
        self.entries_ = list(entries)
        phrasings = [(i, q) for i, entry in enumerate(self.entries_) for q in entry.questions]
        self.owner_ = np.array([i for i, _ in phrasings], dtype=np.int32)
        queries = [preparer.prepare(q) for _, q in phrasings]
        self.words_t_ = sp.vstack([q.word_vector for q in queries]).T.tocsr() if queries else None
        self.syllables_t_ = sp.vstack([q.syllable_vector for q in queries]).T.tocsr() if queries else None
        self.vectors_ = np.vstack([q.dense for q in queries]).astype(np.float32) if queries and semantic else None
        return self

    def match(self, query, documents, day: dt.date) -> list[tuple[QAEntry, float, float]]:
        """(entry, lexical similarity, semantic similarity) of the nearest entries whose cited
        texts are in force on `day` (curated answers speak of the law as it stands)."""
        if self.words_t_ is None:
            return []
        sims = blend(stack_scores(self.words_t_, query.word_vector), stack_scores(self.syllables_t_, query.syllable_vector),
                     query.accented)
        dense = self.vectors_ @ query.dense if self.vectors_ is not None and query.dense is not None else np.zeros_like(sims)
        best: dict[int, tuple[float, float]] = {}
        for row in np.argsort(-sims)[: WEIGHTS.curated_lookup * 3]:
            owner = int(self.owner_[row])
            if sims[row] < WEIGHTS.curated_min_similarity or owner in best:
                continue
            entry = self.entries_[owner]
            if all(documents[c.doc_key].in_force(day) for c in entry.provisions):
                best[owner] = (float(sims[row]), float(dense[self.owner_ == owner].max()))
        ranked = sorted(best.items(), key=lambda kv: -kv[1][0])[: WEIGHTS.curated_lookup]
        return [(self.entries_[i], lex, sem) for i, (lex, sem) in ranked]


def cited_article_ids(entry: QAEntry) -> list[str]:
    return [c.article_id for c in entry.provisions]  # appendix items are ".../plN", not ".../dN"
