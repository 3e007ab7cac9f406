"""Review states of curated entries, and marking an entry reviewed.

An entry is a draft until an editor marks it reviewed (who, when). Marking it stores a short
hash of the texts it rests on (`reviewed_hash`): the cited provisions as the corpus holds them
and the amendments recorded against them. When a rebuild finds a different hash (a new version
of the law, a recorded amendment, an edited law file) the entry goes back to "needs review".

An entry cannot be reviewed while a clause it cites carries an amendment whose wording the
corpus does not hold: nobody can sign an answer against a text they cannot read.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

REVIEWED, DRAFT, NEEDS_REVIEW = "reviewed", "draft", "needs_review"
STATUS_VI = {REVIEWED: "đã thẩm định", DRAFT: "chưa được thẩm định", NEEDS_REVIEW: "cần thẩm định lại"}
HASH_LENGTH = 12  # 48 bits: enough to notice a change, short enough to read in a YAML file
_REVIEW_KEYS = ("reviewed_by", "reviewed_on", "reviewed_hash")


def provisions_hash(cited: list[tuple[str, str, list[str]]]) -> str:
    """Hash of (citation, provision text, amendments recorded against it) for each cited provision."""
    digest = hashlib.sha256()
    for citation, body, amendments in cited:
        digest.update(f"{citation}\n{' '.join(body.split())}\n{'|'.join(sorted(amendments))}\n".encode())
    return digest.hexdigest()[:HASH_LENGTH]


def status(reviewed_by: str, reviewed_on: dt.date | None, reviewed_hash: str, current_hash: str) -> str:
    if not reviewed_by or reviewed_on is None:
        return DRAFT
    return REVIEWED if reviewed_hash and reviewed_hash == current_hash else NEEDS_REVIEW


def entry_review(by: tuple[str, int], on: tuple[str, int], given: str, cited: list, issue) -> dict:
    """The review fields of one entry from its (value, line) pairs; problems go to `issue(line, message)`.

    `cited` is [(citation, provision text, amendments in force recorded against it)]."""
    (who, who_line), (raw_on, on_line) = by, on
    day = None
    if raw_on:
        try:
            day = dt.date.fromisoformat(raw_on)
        except ValueError:
            issue(on_line, f"reviewed_on phải là một ngày dạng YYYY-MM-DD, không phải {raw_on!r}")
    if bool(who) != bool(raw_on):
        missing = "reviewed_on" if who else "reviewed_by"
        issue(who_line or on_line, f"thiếu {missing}: khi thẩm định phải ghi cả người thẩm định (reviewed_by) và ngày (reviewed_on)")
    current = provisions_hash([(str(c), body, [f"{a.by}@{a.since}" for a in pend]) for c, body, pend in cited])
    blocked = "; ".join(sorted({f"{c} bị sửa đổi bởi {a.by} mà nội dung sửa đổi chưa có trong kho"
                                for c, _, pend in cited for a in pend if not a.text}))
    state = status(who, day, given, current)
    if state == REVIEWED and blocked:
        issue(who_line, f"mục chưa thể được đánh dấu đã thẩm định: {blocked}")
    return {"reviewed_by": who if day else "", "reviewed_on": day, "review_status": state, "reviewed_hash": given,
            "provisions_hash": current, "blocked_by": blocked}


def mark_reviewed(entry, corpus_dir: Path, by: str, on: dt.date) -> Path:
    """Write reviewed_by / reviewed_on / reviewed_hash into the entry's YAML block, in place.

    Only the entry's own review lines change; comments and layout elsewhere stay as written."""
    if entry.blocked_by:
        raise ValueError(f"mục {entry.id!r} chưa thể thẩm định: {entry.blocked_by}")
    by = " ".join(by.split())
    if not by:
        raise ValueError("cần tên người hoặc đơn vị thẩm định (--by)")
    path = Path(corpus_dir) / entry.file
    lines = path.read_text(encoding="utf-8").split("\n")
    start = entry.line - 1
    if not re.match(rf"^-\s+id:\s*{re.escape(entry.id)}\s*$", lines[start]):
        raise ValueError(f"{entry.file}:{entry.line}: không thấy mục {entry.id!r} ở dòng này; hãy chạy lại")
    end = start + 1
    while end < len(lines) and not lines[end].startswith("-") and not lines[end].startswith("#"):
        end += 1
    block = [line for line in lines[start:end] if not line.strip().startswith(_REVIEW_KEYS)]
    trailing = []
    while block and not block[-1].strip():
        trailing.append(block.pop())
    quoted = by.replace('"', "'")
    block += [f'  reviewed_by: "{quoted}"', f"  reviewed_on: {on.isoformat()}", f"  reviewed_hash: {entry.provisions_hash}"] + trailing
    path.write_text("\n".join(lines[:start] + block + lines[end:]), encoding="utf-8")
    return path
