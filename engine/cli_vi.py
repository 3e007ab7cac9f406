"""Vietnamese for the command-line tools' own messages (argparse's usage, help and errors).

argparse looks its strings up through the module-level `_` at call time, so giving it a
lookup table is enough; strings not listed stay as they are."""
from __future__ import annotations

import argparse

_VI = {
    "usage: ": "cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "expected one argument": "cần đúng một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ (%(type)s): %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "lựa chọn không hợp lệ: %(value)r (chọn một trong %(choices)s)",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn không rõ: %(option)s có thể là %(matches)s",
    "not allowed with argument %s": "không dùng cùng tham số %s",
    "ignored explicit argument %r": "bỏ qua giá trị %r",
    "one of the arguments %s is required": "cần một trong các tham số %s",
}


def _translate(message: str) -> str:
    return _VI.get(message, message)


def _ntranslate(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return "cần %s giá trị"
    return singular if n == 1 else plural


argparse._ = _translate
argparse.ngettext = _ntranslate


class ArgumentParser(argparse.ArgumentParser):
    """argparse with its messages in Vietnamese (importing this module installs them)."""
