"""The stored evaluation (a dict of variants → metrics) as a table an editor can read:
Vietnamese labels, percentages with a decimal comma, one column per variant.

Used by train.py (plain text) and by the editors' page (HTML)."""
from __future__ import annotations

VARIANTS = {"as_written": "Có dấu", "no_diacritics": "Không dấu", "as_written_cv": "Có dấu, kiểm định chéo",
            "no_diacritics_cv": "Không dấu, kiểm định chéo"}
METRICS = {
    "questions": "Số câu hỏi được chấm",
    "skipped": "Số câu bỏ qua (không có đáp án)",
    "hit@1": "Điều đúng đứng đầu (hit@1)",
    "hit@5": "Điều đúng trong 5 kết quả đầu (hit@5)",
    "mrr@10": "Thứ hạng trung bình nghịch đảo (MRR@10)",
    "high_answers": "Số câu trả lời độ tin cậy cao",
    "high_right": "… trong đó đúng",
    "high_precision": "Tỷ lệ đúng khi độ tin cậy cao",
    "high_share": "Tỷ lệ câu hỏi được trả lời với độ tin cậy cao",
    "medium_answers": "Số câu trả lời độ tin cậy trung bình",
    "medium_right": "… trong đó đúng",
    "medium_precision": "Tỷ lệ đúng khi độ tin cậy trung bình",
    "low_answers": "Số câu trả lời độ tin cậy thấp (mời hỏi tư vấn viên)",
    "low_right": "… trong đó đúng",
    "low_precision": "Tỷ lệ đúng khi độ tin cậy thấp",
    "curated_first": "Số câu hỏi-đáp biên soạn trả lời trước",
    "curated_first_right": "… trong đó đúng",
    "long_questions": "Số câu hỏi dài (thư bạn đọc, trên 300 ký tự)",
    "long_hit@1": "Câu hỏi dài: điều đúng đứng đầu",
    "long_hit@5": "Câu hỏi dài: điều đúng trong 5 kết quả đầu",
    "long_mrr@10": "Câu hỏi dài: MRR@10",
}
_SHARES = {"hit@1", "hit@5", "high_precision", "high_share", "medium_precision", "low_precision",
           "long_hit@1", "long_hit@5"}


def _value(key: str, value) -> str:
    if isinstance(value, bool) or value is None:
        return "" if value is None else ("có" if value else "không")
    if isinstance(value, float) and "mrr@" in key:
        return f"{value:.3f}".replace(".", ",")
    if isinstance(value, float) and (key in _SHARES or 0 <= value <= 1):
        return f"{value * 100:.1f}%".replace(".", ",")
    if isinstance(value, float):
        return f"{value:.3f}".replace(".", ",")
    return str(value)


def rows(evaluation: dict) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """(column headings, [(metric label, values per column)]) for any stored evaluation shape."""
    if not evaluation:
        return [], []
    nested = all(isinstance(v, dict) for v in evaluation.values())
    variants = evaluation if nested else {"result": evaluation}
    headings = [VARIANTS.get(name, "Kết quả" if name == "result" else name) for name in variants]
    keys: list[str] = []
    for metrics in variants.values():
        keys += [k for k in metrics if k not in keys and not isinstance(metrics[k], (dict, list))]
    ordered = [k for k in METRICS if k in keys] + [k for k in keys if k not in METRICS]
    table = [(METRICS.get(k, k), [_value(k, m.get(k)) if k in m else "" for m in variants.values()]) for k in ordered]
    return headings, table


def text_table(evaluation: dict, indent: str = "  ") -> str:
    headings, table = rows(evaluation)
    if not table:
        return ""
    first = max(len(label) for label, _ in table)
    widths = [max(len(h), *(len(values[i]) for _, values in table)) for i, h in enumerate(headings)]
    lines = [indent + "Chỉ số".ljust(first) + "".join(f"  {h:>{w}}" for h, w in zip(headings, widths))]
    for label, values in table:
        lines.append(indent + label.ljust(first) + "".join(f"  {v:>{w}}" for v, w in zip(values, widths)))
    return "\n".join(lines)
