"""类案检索报告: a .docx of a similar-case search, ready to archive with a case.

The report states the query, each retrieved case with the elements it shares with the query
and those that differ, the distribution of the sentences the similar cases received (count,
minimum, quartiles, maximum, and a count per term range), and the sentence estimate with its
interval, its statutory range and the facts that moved it.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument

from jiancha.gbt9704 import apply_layout
from jiancha.text.sentencing import SentenceEstimate
from jiancha.text.similar import Match

TITLE = "类案检索报告"
# Term ranges (months) of the distribution table: 拘役 and short terms, then by years.
BINS: tuple[tuple[int, int | None, str], ...] = (
    (0, 6, "6个月以下"),
    (7, 12, "7个月至1年"),
    (13, 36, "1年以上至3年"),
    (37, 120, "3年以上至10年"),
    (121, None, "10年以上"),
)


def term_label(months: int | None) -> str:
    """有期徒刑 months as Chinese: 42 → 3年6个月."""
    if months is None:
        return "—"
    years, rest = divmod(months, 12)
    if years and rest:
        return f"{years}年{rest}个月"
    return f"{years}年" if years else f"{rest}个月"


def distribution(matches: Sequence[Match]) -> dict[str, object]:
    """Summary of the similar cases' terms: count, min, quartiles, max, and per range."""
    terms = sorted(m.term_months for m in matches if m.term_months is not None)
    out: dict[str, object] = {"count": len(terms)}
    if terms:
        q = statistics.quantiles(terms, n=4, method="inclusive") if len(terms) > 1 else terms * 3
        out.update(min=terms[0], q1=q[0], median=q[1], q3=q[2], max=terms[-1])
    out["bins"] = {
        label: sum(1 for t in terms if t >= lo and (hi is None or t <= hi))
        for lo, hi, label in BINS
    }
    return out


def months_label(months: float) -> str:
    """An estimated term in words: 23.2 → 1年11个月 (to the month)."""
    return term_label(round(months))


def estimate_lines(estimate: SentenceEstimate | None) -> list[str]:
    """The estimate as a prosecutor reads it: term, interval, statutory range, what moved it."""
    if estimate is None:
        return []
    low, high = estimate.interval
    lines = [
        f"量刑估计：{months_label(estimate.months)}（{estimate.months:.1f} 个月），"
        f"同类案件一半落在 {months_label(low)} 至 {months_label(high)} 之间"
        f"（{low:.1f}—{high:.1f} 个月）。"
    ]
    if estimate.tier:
        lines.append(f"所在量刑档次：{estimate.tier}。")
    lines.append(f"估计依据：{estimate.explanation()}。")
    return lines


def write_report(
    path: Path,
    query: str,
    matches: Sequence[Match],
    *,
    estimate: SentenceEstimate | None = None,
    unit: str | None = None,
    generated: date | None = None,
) -> Path:
    """Write the report for ``query`` and its ``matches`` to ``path`` (.docx)."""
    doc = Document()
    doc.add_heading(TITLE, level=0)
    meta = f"生成日期：{(generated or date.today()).isoformat()}"
    doc.add_paragraph(meta + (f"    检索单位：{unit}" if unit else ""))
    doc.add_heading("一、检索事实", level=1)
    doc.add_paragraph(query)
    doc.add_heading("二、类案列表", level=1)
    _matches_table(doc, matches)
    doc.add_heading("三、要素比对", level=1)
    for i, m in enumerate(matches, start=1):
        doc.add_paragraph(f"{i}. {m.record_id}", style="List Number")
        doc.add_paragraph("相同要素：" + ("；".join(str(e) for e in m.matched) or "无"))
        doc.add_paragraph("不同要素：" + ("；".join(str(e) for e in m.differing) or "无"))
    doc.add_heading("四、刑期分布", level=1)
    _distribution_section(doc, distribution(matches))
    if estimate is not None:
        doc.add_heading("五、量刑估计", level=1)
        for line in estimate_lines(estimate):
            doc.add_paragraph(line)
    doc.add_paragraph(
        "说明：类案由文本相似度及罪名、数额、量刑情节、地区、审级等要素综合排序；量刑估计由"
        "罪名、法定刑档次、数额、量刑情节及类案刑期综合得出。均仅供办案参考，不替代对个案事实"
        "和证据的审查。"
    )
    apply_layout(doc, issuer=unit or "", title=TITLE)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def _matches_table(doc: DocxDocument, matches: Sequence[Match]) -> None:
    headers = ("序号", "案件", "罪名", "刑期", "缓刑", "罚金", "相似度")
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for i, m in enumerate(matches, start=1):
        values = (
            str(i),
            m.record_id,
            m.charge or "—",
            term_label(m.term_months),
            term_label(m.probation_months) if m.probation_months else "—",
            f"{m.fine_yuan:,.0f} 元" if m.fine_yuan else "—",
            f"{m.score:.3f}",
        )
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text


def _distribution_section(doc: DocxDocument, dist: dict[str, object]) -> None:
    count = dist["count"]
    if not count:
        doc.add_paragraph("类案均未载明刑期。")
        return
    doc.add_paragraph(
        f"载明刑期的类案 {count} 件：最短 {term_label(dist['min'])}（月数 {dist['min']}），"  # type: ignore[arg-type]
        f"下四分位 {dist['q1']:.1f} 个月，中位数 {dist['median']:.1f} 个月，"
        f"上四分位 {dist['q3']:.1f} 个月，最长 {term_label(dist['max'])}。"  # type: ignore[arg-type]
    )
    bins = dist["bins"]
    assert isinstance(bins, dict)
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text = "刑期区间"
    table.rows[0].cells[1].text = "件数"
    for label, n in bins.items():
        row = table.add_row().cells
        row[0].text = label
        row[1].text = str(n)
