"""The law's facts about charges that some models need: which charges must carry a fine, which
are negligent, which fall under 刑法 art. 66 (特殊累犯).

``data/charge_law.yaml`` names the charges (罪名) of each article; which articles require a
property penalty in every one of their penalty brackets is not written by hand but read from
the text of the Criminal Law by :func:`fine_articles` and kept in ``data/fine_charges.csv``
(regenerate with ``python -m jiancha.models.lawdata <刑法.md>``; a test compares the two when the
law texts are at hand). The models see these lists through render helpers
(:mod:`jiancha.models.render`): a judgment's ``charge`` may hold several charges
(``盗窃罪；诈骗罪``) and a selective charge may be judged by part of its name (``贩卖、运输毒品罪``
for 走私、贩卖、运输、制造毒品罪), so every name a judgment may write is listed.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import combinations
from pathlib import Path

from jiancha.schema import load_yaml

FINE_CSV = "fine_charges.csv"
FINE_COLUMNS = ("charge", "article", "penalty", "text")
# An article: "第X条" or "第X条之Y" at the start of a line.
_ARTICLE = re.compile(
    r"^(第[一二三四五六七八九十百零]+条(?:之[一二三四五六七八九十]+)?)[ \u3000]", re.M
)
# A penalty bracket: 处 … a principal penalty (判处 is the court's act, not a bracket).
_BRACKET = re.compile(r"(?<!判)处[^；。]*?(有期徒刑|拘役|管制|无期徒刑|死刑)")
# A bracket that refers to another article's penalty ("依照前款的规定处罚").
_REFERENCE = re.compile(r"依照[^，；。]*处罚")
# A mandatory property penalty: 并处罚金, 并处或者单处罚金, 并处……罚金, 并处没收财产 (not 可以并处).
_MANDATORY = re.compile(r"(?<!可以)并处[^，；。]*?(罚金|没收财产)")


@dataclass(frozen=True)
class FineCharge:
    charge: str
    article: str
    penalty: str  # 罚金 | 罚金或者没收财产 (confiscation meets the requirement)
    text: str  # the article's brackets, quoted


def articles(law_text: str) -> dict[str, list[str]]:
    """The Criminal Law's articles: number → paragraphs (lines) of its text."""
    starts = [(m.start(), m.group(1)) for m in _ARTICLE.finditer(law_text)]
    out: dict[str, list[str]] = {}
    for i, (start, name) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(law_text)
        body = law_text[start + len(name) : end].split("\n#")[0]
        out[name] = [line.strip() for line in body.splitlines() if line.strip()]
    return out


def brackets(paragraphs: list[str]) -> list[str]:
    """The penalty brackets of an article (clauses between ；/。 naming a principal penalty),
    without the ones that only refer to another provision's penalty."""
    found = []
    for paragraph in paragraphs:
        for clause in re.split(r"[；。]", paragraph):
            if _BRACKET.search(clause) and not _REFERENCE.search(clause):
                found.append(clause)
    return found


def fine_articles(law_text: str) -> dict[str, tuple[str, str]]:
    """Articles every bracket of which imposes a property penalty: number → (penalty, text).

    An article with one bracket that says 可以并处 or nothing (or whose unit clause sentences
    the persons in charge without a fine) is left out: a judgment row does not say which
    bracket applied, and the unknown must never make a clue stricter than the law."""
    out = {}
    for number, paragraphs in articles(law_text).items():
        found = brackets(paragraphs)
        if found and all(_MANDATORY.search(c) for c in found):
            penalty = "罚金或者没收财产" if any("没收财产" in c for c in found) else "罚金"
            out[number] = (penalty, "；".join(c for c in found))
    return out


@cache
def _charge_law() -> dict[str, object]:
    text = resources.files("jiancha.models").joinpath("data/charge_law.yaml").read_text("utf-8")
    loaded = load_yaml(text)  # libyaml's parser: a run renders the models with these lists
    assert isinstance(loaded, dict)
    return loaded


def derive_fine_charges(law_text: str) -> list[FineCharge]:
    """The rows of ``fine_charges.csv``: each charge of an article that requires a fine."""
    table = fine_articles(law_text)
    named = _charge_law()["fine_articles"]
    assert isinstance(named, dict)
    rows: list[FineCharge] = []
    for number, charges in named.items():
        if number not in table:
            continue  # named by hand but not mandatory in the text: the text decides
        penalty, quote = table[number]
        rows.extend(FineCharge(c, number, penalty, quote) for c in charges)
    return rows


def write_fine_csv(rows: list[FineCharge]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FINE_COLUMNS)
    for r in rows:
        writer.writerow((r.charge, r.article, r.penalty, r.text))
    return out.getvalue()


@cache
def fine_charges() -> tuple[FineCharge, ...]:
    """The packaged list of charges that require a fine (data/fine_charges.csv)."""
    text = resources.files("jiancha.models").joinpath(f"data/{FINE_CSV}").read_text("utf-8")
    return tuple(FineCharge(**row) for row in csv.DictReader(io.StringIO(text)))


@cache
def negligent_charges() -> tuple[str, ...]:
    names = _charge_law()["negligent"]
    assert isinstance(names, list)
    return tuple(str(n) for n in names)


@cache
def special_recidivism_charges() -> dict[str, str]:
    """Charge → its class under 刑法 art. 66 (危害国家安全 / 恐怖活动 / 黑社会性质组织)."""
    classes = _charge_law()["special_recidivism"]
    assert isinstance(classes, dict)
    return {str(c): str(kind) for kind, names in classes.items() for c in names}


def spellings(charge: str) -> list[str]:
    """The names a judgment may write for ``charge``: itself, and for a selective charge whose
    name lists acts (走私、贩卖、运输、制造毒品罪) every non-empty choice of them in order
    (贩卖毒品罪, 贩卖、运输毒品罪 …). Only a list of two-character acts is expanded (走私, 贩卖,
    生产, 销售 …): any other name is only itself, so that no part of an object is taken for an
    act (a judgment naming part of such a charge is not matched, which never adds a clue)."""
    parts = charge.split("、")
    if len(parts) < 2:
        return [charge]
    width = 2
    acts = parts[:-1]
    if any(len(a) != width for a in acts) or len(parts[-1]) <= width + 1:
        return [charge]
    acts.append(parts[-1][:width])
    rest = parts[-1][width:]
    names: list[str] = []
    for k in range(1, len(acts) + 1):
        names.extend("、".join(choice) + rest for choice in combinations(acts, k))
    return names


def main(argv: list[str]) -> int:
    """``python -m jiancha.models.lawdata <刑法.md>``: rewrite data/fine_charges.csv."""
    if len(argv) != 1:
        sys.stderr.write("用法：python -m jiancha.models.lawdata <刑法.md>\n")
        return 2
    rows = derive_fine_charges(Path(argv[0]).read_text("utf-8"))
    target = Path(__file__).parent / "data" / FINE_CSV
    target.write_text(write_fine_csv(rows), "utf-8")
    sys.stdout.write(f"{target}: {len(rows)} 个罪名\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
