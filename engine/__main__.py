"""Command line: `python -m engine ask "câu hỏi"`, `python -m engine eval FILE.jsonl`."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import signal
import sys
import textwrap

from .answer import CONFIDENCE_LABEL
from .artifact import ModelError, load
from .cli_vi import ArgumentParser
from .evaluate import QuestionFileError, cross_validate, evaluate, read_questions, summary
from .evaluation_table import text_table
from .pipeline import ask


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày phải có dạng YYYY-MM-DD, không phải {value!r}") from None


def _print_answer(response) -> None:
    print(f"Độ tin cậy: {CONFIDENCE_LABEL[response.confidence]} ({response.probability:.0%}; "
          f"áp dụng pháp luật tại ngày {response.as_of})")
    if response.notice:
        print(textwrap.fill(response.notice, 100))
    if response.curated:
        print("\nTrả lời ngắn: " + textwrap.fill(response.curated["answer"], 100))
        print("Căn cứ: " + "; ".join(response.curated["provisions"]))
    for n, item in enumerate(response.answers, 1):
        print(f"\n{n}. {item.citation} — {item.title}  [điểm {item.score:.3f}]")
        print(f"   Tình trạng: {item.status.label}")
        if item.notice:
            print(textwrap.indent(textwrap.fill(item.notice, 96), "   "))
        print(textwrap.indent(item.text, "   "))
    if response.handoff:
        print("\n" + " ".join(str(v) for v in response.handoff.values()))


def _purge(args) -> int:
    import os
    from .web.store import DEFAULT_PATH, DEFAULT_RETENTION_DAYS, QuestionLog

    days = args.days if args.days is not None else int(os.environ.get("RETENTION_DAYS") or DEFAULT_RETENTION_DAYS)
    target = args.database or os.environ.get("DATABASE_URL") or os.environ.get("DATABASE_PATH") or str(DEFAULT_PATH)
    log = QuestionLog(target)
    removed = log.purge(days)
    print(f"Đã xóa {removed} câu hỏi cũ hơn {days} ngày khỏi {log.name}.")
    return 0


def _cli_value(raw: str):
    """A command-line value as JSON would carry it: true/false, a number, else the string."""
    try:
        value = json.loads(raw)
    except ValueError:
        return raw
    return value if isinstance(value, (bool, int, float)) else raw


def _calc(args) -> int:
    """`calc NAME --field value …`: the same calculators, checks and answers as POST /api/calc/NAME."""
    from .calc import CalcError, calculate

    body, as_json, tokens = {}, False, list(args.fields)
    while tokens:
        token = tokens.pop(0)
        if token == "--json":
            as_json = True
        elif token.startswith("--") and tokens:
            body[token[2:].replace("-", "_")] = _cli_value(tokens.pop(0))
        else:
            print(f"Lỗi: cần dạng --tên-trường giá trị, không hiểu {token!r}", file=sys.stderr)
            return 2
    try:
        model, _stamp = load(args.model)  # the corpus the API serves, not the editors' work in progress
    except ModelError as err:
        print(f"Lỗi: {err}", file=sys.stderr)
        return 1
    try:
        answer = calculate(model.corpus, args.name, body)
    except CalcError as err:
        print(f"Lỗi: {err.message}", file=sys.stderr)
        return 2
    if as_json:
        print(json.dumps(answer, ensure_ascii=False, indent=2))
        return 0
    print(f"{answer['title']} (áp dụng pháp luật tại ngày {answer['as_of']})")
    print("Kết quả: " + json.dumps(answer["result"], ensure_ascii=False) + f" {answer['unit']}"
          + (f", trong {answer['duration_months']} tháng" if "duration_months" in answer else ""))
    for line in answer["breakdown"]:
        print("  - " + line)
    print("Căn cứ: " + "; ".join(answer["provisions"]))
    if answer["notice"]:
        print(textwrap.fill("Lưu ý: " + answer["notice"], 100))
    return 0


def _parser() -> ArgumentParser:
    parser = ArgumentParser(prog="python -m engine", description="Tra cứu pháp luật lao động.")
    parser.add_argument("--model", help="thư mục mô hình (mặc định: MODEL_PATH hoặc models/)")
    sub = parser.add_subparsers(dest="command", required=True)
    p_ask = sub.add_parser("ask", help="hỏi một câu")
    p_ask.add_argument("question")
    p_ask.add_argument("--top", type=int, default=3, choices=range(1, 11), metavar="N")
    p_ask.add_argument("--as-of", type=_date, help="ngày áp dụng pháp luật (YYYY-MM-DD, mặc định hôm nay)")
    p_ask.add_argument("--json", action="store_true")
    p_eval = sub.add_parser("eval", help="đánh giá trên một tệp câu hỏi .jsonl")
    p_eval.add_argument("file")
    p_eval.add_argument("--as-of", type=_date)
    p_eval.add_argument("--strip-diacritics", action="store_true")
    p_eval.add_argument("--json", action="store_true")
    p_eval.add_argument("--failures", action="store_true", help="liệt kê các câu trả lời sai")
    p_eval.add_argument("--no-curated", action="store_true", help="chỉ văn bản luật, không dùng hỏi-đáp biên soạn")
    p_eval.add_argument("--details", action="store_true",
                        help="thêm số câu trả lời và tỷ lệ đúng theo từng mức độ tin cậy, câu hỏi dài, hỏi-đáp")
    p_eval.add_argument("--cv", type=int, metavar="K",
                        help="kiểm định chéo K phần: học lại cách xếp hạng không dùng phần đang chấm")
    p_purge = sub.add_parser("purge-log", help="xóa nhật ký câu hỏi quá hạn")
    p_purge.add_argument("--days", type=int, default=None, help="số ngày giữ lại (mặc định RETENTION_DAYS hoặc 180)")
    p_purge.add_argument("--database", help="tệp SQLite hoặc URL postgresql:// (mặc định DATABASE_URL, rồi DATABASE_PATH)")
    p_calc = sub.add_parser("calc", help="công cụ tính: trợ cấp, số ngày nghỉ, tuổi nghỉ hưu, làm thêm giờ",
                            description="Ví dụ: calc severance --months-worked 40 --months-unemployment-insurance 30 "
                            "--salary 10000000 [--as-of 2026-06-01] [--json]")
    p_calc.add_argument("name", help="severance, job-loss, unemployment, lump-sum, annual-leave, retirement-age, overtime")
    p_calc.add_argument("fields", nargs=argparse.REMAINDER, help="--tên-trường giá trị …")
    return parser


def _ask(model, args) -> int:
    response = ask(model, args.question, args.as_of, args.top)
    if args.json:
        print(json.dumps(response.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_answer(response)
    return 0


def _eval(model, args) -> int:
    try:
        rows = read_questions(args.file)
        if args.cv:
            metrics, outcomes = cross_validate(model, rows, args.cv, args.strip_diacritics, curated=not args.no_curated)
        else:
            metrics, outcomes = evaluate(model, rows, args.as_of, args.strip_diacritics, curated=not args.no_curated)
    except (OSError, QuestionFileError, ValueError) as err:
        print(f"Lỗi: {err}", file=sys.stderr)
        return 1
    if args.details:
        metrics = {**metrics, **summary(outcomes)}
    if args.json:
        print(json.dumps(metrics))
    else:
        print(text_table({"as_written" if not args.strip_diacritics else "no_diacritics": metrics}))
    if args.failures:
        for o in outcomes:
            if o.rank != 1:
                print(f"[{o.rank or '-'}] {o.id}: {o.question[:90]} → {'; '.join(o.top)}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "calc":
        return _calc(args)
    if args.command == "purge-log":
        return _purge(args)
    if args.command == "ask" and not args.question.strip():
        print("Lỗi: câu hỏi trống; hãy gõ câu hỏi trong dấu ngoặc kép, ví dụ: ask \"nghỉ thai sản được mấy tháng\"",
              file=sys.stderr)
        return 2
    try:
        model, _stamp = load(args.model)
    except ModelError as err:
        print(f"Lỗi: {err}", file=sys.stderr)
        return 1
    return _ask(model, args) if args.command == "ask" else _eval(model, args)


if __name__ == "__main__":
    if hasattr(signal, "SIGPIPE"):
        # `… | head` ends quietly, like other commands; only for the command itself: a process
        # that imports main() (a test runner, a server) keeps its own handling of broken pipes
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
