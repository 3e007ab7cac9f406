"""Curated Q&A written by editors (corpus/qa/*.yaml): load, validate, cite.

Each file is a YAML list of entries:

    - id: thai-san-thoi-gian
      questions: [nghỉ thai sản được bao lâu, nghỉ đẻ mấy tháng]
      answer: Lao động nữ được nghỉ thai sản trước và sau khi sinh con là 06 tháng …
      provisions: [45/2019/QH14 Điều 139 Khoản 1]
      tags: [thai sản]
      reviewed_by: Ban Pháp luật LĐLĐ tỉnh
      reviewed_on: 2026-11-22

Every problem is a located issue (file:line). A figure in an answer must appear in the
text of a provision the entry cites: an answer cannot state what its law does not say.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import text
from .statutes import Issue

REQUIRED = ("id", "questions", "answer", "provisions", "tags", "reviewed_by", "reviewed_on")
_CITATION = re.compile(r"^\s*(?P<doc>\S+)\s+Điều\s+(?P<article>\d+[a-z]?)"
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

    def __str__(self) -> str:
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
    reviewed_by: str
    reviewed_on: dt.date
    file: str
    line: int


def figures(value: str) -> set[str]:
    """The figures a text states (normalised: 06 → 6), references to provisions excluded.

    >>> sorted(figures("Nghỉ 06 tháng theo khoản 1 Điều 139; mức 5.310.000 đồng, 8%"))
    ['5.310.000', '6', '8']
    """
    cleaned = _REFERENCE.sub(" ", _DOC_NUMBER.sub(" ", text.normalize(value)))
    return {f.rstrip(".,") for f in _FIGURE.findall(cleaned)}


def _scalar(node) -> str:
    return node.value if isinstance(node, yaml.ScalarNode) else ""


def _entries(path: Path, issues: list[Issue]):
    """(mapping of key → (value node, line), entry line) for each entry, with located YAML errors."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as err:
        issues.append(Issue(path.name, 1, f"not UTF-8: {err}"))
        return
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        issues.append(Issue(path.name, (mark.line + 1) if mark else 1, f"not valid YAML: {getattr(err, 'problem', err)}"))
        return
    if root is None:
        return
    if not isinstance(root, yaml.SequenceNode):
        issues.append(Issue(path.name, root.start_mark.line + 1, "the file must be a YAML list of entries ('- id: …')"))
        return
    for item in root.value:
        if not isinstance(item, yaml.MappingNode):
            issues.append(Issue(path.name, item.start_mark.line + 1, "each entry must be a mapping (id, questions, answer…)"))
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
        return None, f"cites {citation}, but {citation.doc} is not in the corpus"
    today = dt.date.today()
    ordered = sorted(versions, key=lambda d: (d.in_force(today), d.valid_from or d.effective), reverse=True)
    for doc in ordered:
        article = by_doc_article.get((doc.key, citation.article))
        if article is not None:
            return (article, doc.key), ""
    return None, f"cites {citation}, but {citation.doc} has no Điều {citation.article}"


def _provision_text(article, citation: Citation) -> tuple[str | None, str]:
    if article.repealed:
        return None, f"cites {citation}, which is repealed"
    if not citation.clause:
        return f"{article.title}\n{article.full_text}", ""
    clause = next((c for c in article.clauses if c.label == citation.clause), None)
    if clause is None:
        return None, f"cites {citation}, but Điều {citation.article} has no khoản {citation.clause}"
    if clause.repealed:
        return None, f"cites {citation}, which is repealed"
    if not citation.point:
        return clause.full_text, ""
    point = next((p for p in clause.points if p.label == citation.point), None)
    if point is None:
        return None, f"cites {citation}, but that khoản has no điểm {citation.point}"
    return f"{clause.text}\n{point.text}", ""


def load_qa(files: list[Path], documents, articles, issues: list[Issue]) -> list[QAEntry]:
    by_doc_article = {(a.doc_key, a.label): a for a in articles}
    entries: list[QAEntry] = []
    seen_ids: dict[str, str] = {}
    seen_questions: dict[str, str] = {}
    for path in files:
        name = path.name
        for fields, line in _entries(path, issues):
            for key in sorted(set(fields) - set(REQUIRED)):
                issues.append(Issue(name, fields[key][1], f"unknown key {key!r} (known: {', '.join(REQUIRED)})"))
            missing = [k for k in REQUIRED if k not in fields]
            for key in missing:
                issues.append(Issue(name, line, f"entry without {key!r}"))
            if missing:
                continue
            entry_id = _scalar(fields["id"][0]).strip()
            questions = _strings(fields["questions"][0])
            answer = _scalar(fields["answer"][0]).strip()
            cited = _strings(fields["provisions"][0])
            tags = _strings(fields["tags"][0])
            reviewer = _scalar(fields["reviewed_by"][0]).strip()
            for key, value in (("id", entry_id), ("questions", questions), ("answer", answer),
                               ("provisions", cited), ("tags", tags), ("reviewed_by", reviewer)):
                if not value or (isinstance(value, list) and not all(value)):
                    issues.append(Issue(name, fields[key][1], f"{key} is empty"))
            try:
                reviewed_on = dt.date.fromisoformat(_scalar(fields["reviewed_on"][0]).strip())
            except ValueError:
                issues.append(Issue(name, fields["reviewed_on"][1], "reviewed_on must be a date written YYYY-MM-DD"))
                reviewed_on = None
            if entry_id in seen_ids:
                issues.append(Issue(name, fields["id"][1], f"id {entry_id!r} already used ({seen_ids[entry_id]})"))
            seen_ids.setdefault(entry_id, f"{name}:{fields['id'][1]}")
            for q in questions:
                key = text.fold(text.normalize(q)).strip(" ?.!")
                if key and key in seen_questions:
                    issues.append(Issue(name, fields["questions"][1], f"question {q!r} already used ({seen_questions[key]})"))
                seen_questions.setdefault(key, f"{name}:{fields['questions'][1]}")
            citations, texts = [], []
            for raw in cited:
                m = _CITATION.match(raw)
                if not m:
                    issues.append(Issue(name, fields["provisions"][1],
                                        f"provision {raw!r} is not written like '45/2019/QH14 Điều 139 Khoản 1'"))
                    continue
                citation = Citation(m["doc"], m["article"], m["clause"], m["point"])
                resolved, problem = _resolve(citation, documents, by_doc_article)
                if problem:
                    issues.append(Issue(name, fields["provisions"][1], problem))
                    continue
                article, doc_key = resolved
                body, problem = _provision_text(article, citation)
                if problem:
                    issues.append(Issue(name, fields["provisions"][1], problem))
                    continue
                citations.append(Citation(citation.doc, citation.article, citation.clause, citation.point, doc_key))
                texts.append(body)
            if texts:
                allowed = set().union(*(figures(t) for t in texts))
                for figure in sorted(figures(answer) - allowed):
                    issues.append(Issue(name, fields["answer"][1],
                                        f"the answer states {figure!r}, which no provision it cites contains"))
            if reviewed_on and entry_id and questions and answer and citations:
                entries.append(QAEntry(entry_id, tuple(questions), answer, tuple(citations), tuple(tags),
                                       reviewer, reviewed_on, name, line))
    return entries
