"""The regional minimum wage in force in a given month, read from the decree's table at run time."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from .. import text

_ROW = re.compile(r"^Vùng (IV|III|II|I) \| (\d{1,3}(?:\.\d{3})+) \|", re.MULTILINE)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def _is_minimum_wage_decree(doc) -> bool:
    return "muc luong toi thieu" in text.fold(text.normalize(doc.title))


def regional_minimum(corpus, month: dt.date) -> tuple[dict[int, Decimal], str] | None:
    """({region: đồng per month}, citation) of the decree in force on the first day of `month`."""
    for doc in corpus.documents.values():
        if not _is_minimum_wage_decree(doc) or not doc.in_force(month):
            continue
        for article in corpus.articles:
            if article.doc_key != doc.key:
                continue
            for clause in article.clauses:
                rows = {_ROMAN[m.group(1)]: Decimal(m.group(2).replace(".", "")) for m in _ROW.finditer(clause.text)}
                if len(rows) == len(_ROMAN):
                    return rows, f"Khoản {clause.label} Điều {article.label} ({doc.number})"
    return None


def missing_decree(corpus, month: dt.date) -> str:
    """Name the decree that set the minimum wage in `month` when its text is not in the corpus."""
    later = sorted((d for d in corpus.documents.values() if _is_minimum_wage_decree(d) and d.effective > month),
                   key=lambda d: d.effective)
    if later and later[0].replaces:
        return f"Nghị định {later[0].replaces}" if "NĐ-CP" in later[0].replaces else later[0].replaces
    return "nghị định quy định mức lương tối thiểu khi đó"
