"""What the editors' page shows: the period report the federation owes every 6 months,
and the unanswered questions grouped by similarity. Pure functions over log rows."""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from xml.sax.saxutils import escape

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from .. import text
from ..lexical import passthrough
from .portals import SERVICE


# Grouping reads the last GROUP_ROWS unanswered questions (about what editors review in a week)
# and the first GROUP_CHARS characters of each (a question's subject is in its first sentences).
GROUP_ROWS = 300
GROUP_CHARS = 300


# A report covers the service's lifetime, at most a year ahead (a period chosen to end later
# is a typo), and at most three years at once, i.e. six of the half-yearly reports owed: a
# wider period cost a 47.8 MB chart, and 0001-01-01 or 9999-12-31 a 500 (issue 14).
FIRST_DAY = dt.date(2020, 1, 1)
MAX_AHEAD = dt.timedelta(days=366)
MAX_PERIOD = dt.timedelta(days=3 * 366)


def period_message(today: dt.date | None = None) -> str:
    last = (today or dt.date.today()) + MAX_AHEAD
    return (f"Khoảng thời gian không hợp lệ: dùng dạng YYYY-MM-DD, từ ngày không sau đến ngày, trong khoảng "
            f"{FIRST_DAY.isoformat()} đến {last.isoformat()}, dài tối đa 3 năm.")


def parse_period(start: str | None, end: str | None, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """[start, end] dates; by default the last six months up to today. ValueError outside the bounds above."""
    today = today or dt.date.today()
    end_day = dt.date.fromisoformat(end) if end else today
    if not FIRST_DAY <= end_day <= today + MAX_AHEAD:
        raise ValueError("end out of range")
    start_day = dt.date.fromisoformat(start) if start else max(FIRST_DAY, end_day - dt.timedelta(days=182))
    if not FIRST_DAY <= start_day <= end_day or end_day - start_day > MAX_PERIOD:
        raise ValueError("start out of range")
    return start_day, end_day


def _unanswered(row: dict) -> bool:
    return row.get("confidence") == "low" or row.get("helpful") == 0


def period_report(rows: list[dict], start: dt.date, end: dt.date, portals: list[str] | None = None) -> dict:
    """The figures of [start, end]; with `portals` (ids, for the Confederation) also `by_portal`."""
    chosen = [r for r in rows if start.isoformat() <= r["asked_at"][:10] <= end.isoformat()]
    total = len(chosen)
    rated = [r for r in chosen if r.get("helpful") is not None]
    weeks = Counter()
    for r in chosen:
        day = dt.date.fromisoformat(r["asked_at"][:10])
        weeks[day - dt.timedelta(days=day.weekday())] += 1
    first_week = start - dt.timedelta(days=start.weekday())
    week_list = []
    week = first_week
    while week <= end:
        week_list.append((week.isoformat(), weeks.get(week, 0)))
        week += dt.timedelta(days=7)
    return {
        "start": start.isoformat(), "end": end.isoformat(), "questions": total,
        "high_confidence_share": round(sum(r["confidence"] == "high" for r in chosen) / total, 3) if total else 0.0,
        "feedback_rate": round(len(rated) / total, 3) if total else 0.0,
        "helpful_share": round(sum(r["helpful"] == 1 for r in rated) / len(rated), 3) if rated else 0.0,
        "by_topic": _topics(chosen),
        "by_document": Counter(r.get("doc") or "(không có)" for r in chosen).most_common(),
        "unanswered_topics": _topics([r for r in chosen if _unanswered(r)])[:10],
        "weeks": week_list,
        **({"by_portal": _by_portal(chosen, portals)} if portals is not None else {}),
    }


def _topics(rows: list[dict]) -> list[tuple[str, int]]:
    """(topic, count), most asked first; "Thai sản" and "thai sản" are one topic, shown as first written."""
    counts: Counter = Counter()
    shown: dict[str, str] = {}
    for r in rows:
        topic = " ".join((r.get("topic") or "(chưa rõ)").split())
        key = topic.casefold()
        shown.setdefault(key, topic)
        counts[key] += 1
    return [(shown[key], n) for key, n in counts.most_common()]


def _by_portal(rows: list[dict], portals: list[str]) -> dict[str, int]:
    counts = Counter(r.get("portal") or SERVICE for r in rows)
    return {**{pid: 0 for pid in portals}, **dict(counts.most_common())}


def report_csv(report: dict) -> str:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["Báo cáo hỏi đáp pháp luật", f"từ {report['start']} đến {report['end']}"])
    w.writerow(["Tổng số câu hỏi", report["questions"]])
    w.writerow(["Tỷ lệ trả lời độ tin cậy cao", report["high_confidence_share"]])
    w.writerow(["Tỷ lệ có đánh giá", report["feedback_rate"]])
    w.writerow(["Tỷ lệ đánh giá hữu ích", report["helpful_share"]])
    for title, key in (("Theo chủ đề", "by_topic"), ("Theo văn bản", "by_document"),
                       ("Chủ đề chưa trả lời tốt", "unanswered_topics"), ("Theo tuần (thứ Hai)", "weeks")):
        w.writerow([])
        w.writerow([title, "Số câu hỏi"])
        w.writerows(report[key])
    if "by_portal" in report:
        w.writerow([])
        w.writerow(["Theo cổng thông tin", "Số câu hỏi"])
        w.writerows(report["by_portal"].items())
    return "\ufeff" + out.getvalue()


def weekly_svg(report: dict, width: int = 720, height: int = 240) -> str:
    """Questions per week as a bar chart, drawn by hand (no plotting library on the server)."""
    weeks = report["weeks"] or [(report["start"], 0)]
    top = max(n for _, n in weeks) or 1
    left, bottom, plot_h = 40, 30, height - 60
    bar_w = (width - left - 10) / len(weeks)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="Số câu hỏi theo tuần">',
             f'<text x="{left}" y="16" font-size="13" font-family="Arial">Số câu hỏi theo tuần '
             f'({escape(report["start"])} – {escape(report["end"])})</text>',
             f'<text x="4" y="{height - bottom - plot_h + 4}" font-size="11" font-family="Arial">{top}</text>',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - 5}" y2="{height - bottom}" stroke="#555"/>']
    for i, (week, n) in enumerate(weeks):
        h = plot_h * n / top
        x = left + i * bar_w
        parts.append(f'<rect x="{x + 1:.1f}" y="{height - bottom - h:.1f}" width="{max(bar_w - 2, 1):.1f}" '
                     f'height="{h:.1f}" fill="#b3141b"><title>{escape(week)}: {n}</title></rect>')
        if i % max(1, len(weeks) // 6) == 0:
            parts.append(f'<text x="{x:.1f}" y="{height - 12}" font-size="10" font-family="Arial">{escape(week[5:])}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def group_similar(rows: list[dict], threshold: float = 0.5, limit: int = GROUP_ROWS, keep=_unanswered) -> list[dict]:
    """Unanswered questions (or those `keep` selects) grouped greedily by cosine similarity of folded syllables.

    The vocabulary is learnt from these questions themselves: the model's own vocabulary
    lacks precisely the words of questions the corpus cannot answer. Bounded (issue 14: 300
    long questions took 2 s and 250 MB a view): the last `limit` questions, their first
    GROUP_CHARS characters, sparse vectors, and one sparse product for all similarities."""
    pool = [r for r in rows if keep(r)][-limit:]
    if not pool:
        return []
    tokens = [text.syllable_tokens(text.normalize(r["question"][:GROUP_CHARS])) for r in pool]
    if not any(tokens):
        return []
    vectors = TfidfVectorizer(analyzer=passthrough, sublinear_tf=True).fit_transform(tokens).tocsr()
    similarity = (vectors @ vectors.T).tocsr()  # sparse, at most limit × limit
    groups: list[dict] = []
    centres: list[int] = []                      # row of each group's first question
    for i, row in enumerate(pool):
        sims = similarity[i, centres].toarray().ravel() if centres else np.zeros(0)
        best = int(np.argmax(sims)) if sims.size else -1
        if best >= 0 and sims[best] >= threshold:
            g = groups[best]
        else:
            g = {"questions": [], "count": 0, "first": row["asked_at"], "last": row["asked_at"], "topic": row.get("topic")}
            groups.append(g)
            centres.append(i)
        g["questions"].append(row["question"])
        g["count"] += 1
        g["first"] = min(g["first"], row["asked_at"])
        g["last"] = max(g["last"], row["asked_at"])
    groups.sort(key=lambda g: g["last"], reverse=True)
    groups.sort(key=lambda g: g["count"], reverse=True)  # stable: most asked first, then most recent
    return groups
