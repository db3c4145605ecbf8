"""The ``jiancha`` command line: parse, call one façade method, render.

The pipeline's commands are here (they call :class:`~jiancha.project.Project`); the
casework commands are in :mod:`jiancha.cli.casework`, the reports' in
:mod:`jiancha.cli.reports`, the workbench's in :mod:`jiancha.cli.web`. Each command imports
the stages it needs when it runs, so ``jiancha --help`` loads none of them.

Errors reach the user in one shape: ``错误: <message>`` on stderr and exit code 1 (a
traceback only with ``--debug``); usage errors exit 2.

The CLI modules do without ``from __future__ import annotations``: typer reads every
command's annotations when it starts, and as strings each would be compiled first; types
imported only for type checking are quoted instead.
"""

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table as RichTable
from rich.text import Text

from jiancha.cli.common import ActorOpt, ProjectOpt, console, open_project, parse_date, state
from jiancha.cli.lazygroup import Entry, LazyGroup
from jiancha.cli.terminal import plain, styled
from jiancha.errors import ImportInterrupted, JianchaError, UsageError
from jiancha.filemodes import private_umask

if TYPE_CHECKING:
    from jiancha.demo import FunctionWalk
    from jiancha.ingest.importer import ImportReport
    from jiancha.reports.truth import ModelScore
    from jiancha.runs import RunReport
    from jiancha.warehouse import TableCount


class _Groups(LazyGroup):
    """The sub-applications, in the order ``--help`` lists them after the commands below;
    each module is imported when its group is used (the help lines: a test keeps them equal
    to the groups' own)."""

    entries = {
        "quarantine": Entry("jiancha.cli.main", "quarantine_app", "查看导入时被隔离的问题数据。"),
        "models": Entry(
            "jiancha.cli.main", "models_app", "监督模型：列表、详情、数据预检、测试用例。"
        ),
        "link": Entry(
            "jiancha.cli.main",
            "link_app",
            "人员与单位关联：运行关联、复核待定的配对、解释关联依据。",
        ),
        "clues": Entry(
            "jiancha.cli.casework",
            "clues_app",
            "监督线索：列出、详情、分派、办理、文书、送达、典型案例。",
        ),
        "due": Entry(
            "jiancha.cli.casework",
            "commands",
            "到期与逾期事项（按单位、承办人）；--escalate 对逾期未整改的线索逐级督促。",
            command="due",
        ),
        "stats": Entry(
            "jiancha.cli.casework",
            "commands",
            "办案质量统计：案-件比、各模型线索成效、各环节平均用时。",
            command="stats",
        ),
        "report": Entry(
            "jiancha.cli.reports",
            "commands",
            "期间统计分析报告：线索发现、核查、监督、整改，案-件比，模型准确率，办理期限。",
            command="report",
        ),
        "ledger": Entry("jiancha.cli.casework", "ledger_app", "存证账本：校验、导出链头。"),
        "property": Entry("jiancha.cli.casework", "property_app", "涉案财物：保管链登记与查询。"),
        "dossier": Entry("jiancha.cli.casework", "dossier_app", "电子卷宗：添加文件、查看、共享。"),
        "serve": Entry("jiancha.cli.web", "commands", "启动网页工作台。", command="serve"),
        "users": Entry(
            "jiancha.cli.web",
            "users_app",
            "工作台用户：添加、授权、撤销、列出、改密码、重置、解除登录限制、启用",
        ),
        "registers": Entry(
            "jiancha.cli.registers",
            "registers_app",
            "登记簿：过问干预司法记录、人民监督员与公开听证、远程提审庭审、案件质量评查、"
            "未成年人检察、国家司法救助。",
        ),
        "agencies": Entry(
            "jiancha.cli.intake", "agencies_app", "推送数据的机关密钥：签发、列出、吊销。"
        ),
        "intake": Entry(
            "jiancha.cli.intake", "intake_app", "推送数据的入库：运行入库进程、查看批次。"
        ),
        "webhooks": Entry(
            "jiancha.cli.intake",
            "webhooks_app",
            "回调地址：本单位新线索产生时，签名推送至本单位系统。",
        ),
    }


app = typer.Typer(
    cls=_Groups,
    help="jiancha（检察）数字检察平台：导入各部门数据，比对发现法律监督线索。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
quarantine_app = typer.Typer(help=_Groups.entries["quarantine"].help, no_args_is_help=True)
models_app = typer.Typer(help=_Groups.entries["models"].help, no_args_is_help=True)
link_app = typer.Typer(help=_Groups.entries["link"].help)


@app.callback()
def _root(
    project: ProjectOpt = None,
    debug: Annotated[bool, typer.Option("--debug", help="出错时显示完整的调用栈")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="只输出结果")] = False,
) -> None:
    state.project_dir, state.debug, state.quiet = project, debug, quiet


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="项目目录")] = Path("."),
    name: Annotated[str | None, typer.Option(help="项目名称，如 漳州市人民检察院")] = None,
    unit_code: Annotated[str, typer.Option(help="本院行政区划代码前缀")] = "3506",
) -> None:
    """创建项目目录（jiancha.toml、数据仓库）。"""
    from jiancha.project import Project

    project = Project.init(directory, name=name, unit_code=unit_code, console=console())
    console().info(f"已创建项目：{project.root}")


@app.command()
def generate(
    out_dir: Annotated[Path, typer.Argument(help="输出目录")],
    scale: Annotated[str, typer.Option(help="规模：small | city | province")] = "small",
    seed: Annotated[int, typer.Option(help="随机种子（相同种子生成相同数据）")] = 0,
) -> None:
    """生成模拟的漳州市各部门数据及 ground_truth.csv。"""
    from jiancha.synth import generate as run_generate

    result = run_generate(out_dir, scale=scale, seed=seed, console=console())  # type: ignore[arg-type]
    total = sum(result.rows.values())
    console().info(f"已生成 {total:,} 行，{len(result.files)} 个文件：{result.out_dir}")


@app.command("import")
def import_(
    paths: Annotated[list[Path], typer.Argument(help="文件或目录")],
    table: Annotated[str | None, typer.Option("--table", "-t", help="目标数据表")] = None,
    mapping: Annotated[Path | None, typer.Option("--mapping", "-m", help="YAML 映射文件")] = None,
    force: Annotated[
        bool, typer.Option("--force", help="重新导入已以相同方式导入过的文件")
    ] = False,
) -> None:
    """导入 CSV / Excel / Parquet / JSON lines 文件。"""
    try:
        reports = open_project().import_paths(paths, table=table, mapping=mapping, force=force)
    except ImportInterrupted as exc:  # what was committed before it stopped, then why
        if exc.reports:
            render_import(exc.reports)
        if exc.interrupted:
            _error(str(exc))
            raise typer.Exit(130) from None
        raise
    render_import(reports)


def render_import(reports: "list[ImportReport]") -> None:
    out = console()
    grid = RichTable(title="导入结果", show_lines=False)
    for label in ("文件", "数据表", "读取", "入库", "新增", "替换", "未变", "隔离", "标记"):
        grid.add_column(label, justify="right" if label not in ("文件", "数据表") else "left")
    for r in reports:
        name = r.file + (f"［{r.sheet}］" if r.sheet else "")
        grid.add_row(
            name,
            r.table or "",
            *(
                f"{n:,}"
                for n in (
                    r.read,
                    r.stored,
                    r.new,
                    r.replaced,
                    r.unchanged,
                    r.quarantined,
                    r.flagged,
                )
            ),
        )
    out.rich.print(grid)
    for r in reports:
        for note in r.notes:
            out.info(f"{r.file}: {note}")
    if any(r.quarantined for r in reports):
        out.info("被隔离的行：jiancha quarantine list")


@quarantine_app.command("list")
def quarantine_list(
    table: Annotated[str | None, typer.Option("--table", "-t")] = None,
    file: Annotated[str | None, typer.Option("--file", "-f")] = None,
    limit: Annotated[int, typer.Option(help="最多显示行数")] = 100,
    unmask: Annotated[
        bool,
        typer.Option(
            "--unmask",
            help="不脱敏：显示原始内容中完整的身份证号、电话、住址（须 --reason，记入审计日志）",
        ),
    ] = False,
    reason: Annotated[
        str | None, typer.Option("--reason", help="查看未脱敏内容的事由（记入审计日志）")
    ] = None,
    actor_name: ActorOpt = None,
) -> None:
    """列出隔离的行：文件、行号、字段、原因和原始内容。

    原始内容和原因中的身份证号、电话、住址和出生日期默认脱敏；--unmask 并用 --reason
    说明事由才显示完整内容，记入审计日志。"""
    from jiancha.cli.common import actor
    from jiancha.cli.common import casework as open_casework
    from jiancha.text.masking import quarantined_text

    why = (reason or "").strip()
    if unmask and len(why) < 2:
        raise UsageError(
            "--unmask 查看未脱敏的原始内容须用 --reason 说明事由（至少 2 个字，记入审计日志）"
        )
    rows = open_project().quarantine(table=table, file=file, limit=limit)
    if unmask:  # audited like the web's unmasking of the quarantine
        with open_casework() as work:
            work.audit.record(
                actor(actor_name),
                "unmask",
                subject=file,
                detail={"via": "导入隔离数据（命令行）", "reason": why[:500], "count": len(rows)},
            )
    shown = [quarantined_text(r.reason, r.raw, masked=not unmask) for r in rows]
    grid = RichTable(title=f"隔离数据（{len(rows)} 行）")
    for label in ("批次", "文件", "行", "数据表", "记录编号", "字段", "原因"):
        grid.add_column(label)
    for r, (why_refused, _) in zip(rows, shown, strict=True):
        grid.add_row(
            str(r.batch_id),
            r.file + (f"［{r.sheet}］" if r.sheet else ""),
            str(r.row or ""),
            r.table or "",
            r.record_id or "",
            r.field or "",
            why_refused,
        )
    out = console().rich
    out.print(grid)
    if rows:
        out.print("原始内容" + ("（未脱敏，已记入审计日志）：" if unmask else "（已脱敏）："))
    for r, (_, content) in zip(rows, shown, strict=True):
        out.print(
            f"批次 {r.batch_id} 第 {r.row or '?'} 行：{content}", soft_wrap=True, markup=False
        )


@app.command()
def status() -> None:
    """每张表的入库与隔离行数。"""
    counts, quarantined = open_project().counts()
    render_counts(counts, quarantined)


def render_counts(counts: "list[TableCount]", quarantined: dict[str, int]) -> None:
    grid = RichTable(title="数据仓库")
    for label in ("数据表", "名称", "入库行数", "标记", "隔离行数"):
        grid.add_column(label, justify="right" if "数" in label or label == "标记" else "left")
    for c in counts:
        grid.add_row(
            c.table, c.label, f"{c.rows:,}", f"{c.flagged:,}", f"{quarantined.get(c.table, 0):,}"
        )
    grid.add_row(
        "合计",
        "",
        f"{sum(c.rows for c in counts):,}",
        f"{sum(c.flagged for c in counts):,}",
        f"{sum(quarantined.values()):,}",
    )
    console().rich.print(grid)


@app.command()
def docs(
    out: Annotated[Path, typer.Option(help="数据字典输出文件")] = Path("docs/data_dictionary.md"),
    catalogue: Annotated[
        Path | None,
        typer.Option("--catalogue", help="同时生成模型目录（如 docs/catalogue.md）"),
    ] = None,
) -> None:
    """生成数据字典（docs/data_dictionary.md），以及模型目录（--catalogue）。"""
    from jiancha.reports.data_dictionary import render_data_dictionary

    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_data_dictionary(), encoding="utf-8")
    console().info(f"已写入 {out}")
    if catalogue is not None:
        from jiancha.models import load_catalogue
        from jiancha.reports.model_catalogue import render_catalogue

        catalogue.parent.mkdir(parents=True, exist_ok=True)
        catalogue.write_text(render_catalogue(load_catalogue()), encoding="utf-8")
        console().info(f"已写入 {catalogue}")


@app.command()
def demo(
    directory: Annotated[Path, typer.Argument(help="演示项目目录")] = Path("jiancha-demo"),
    scale: Annotated[str, typer.Option(help="规模：small | city | province")] = "small",
    seed: Annotated[int, typer.Option(help="随机种子")] = 0,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="结束后不启动网页工作台")] = False,
    port: Annotated[int, typer.Option(help="工作台端口")] = 8000,
) -> None:
    """一键演示：生成数据 → 导入 → 关联 → 运行模型 → 各职能线索办至文书 → 汇总。"""
    from jiancha.demo import run_demo

    result = run_demo(directory, scale=scale, seed=seed, console=console())
    render_counts(result.counts, result.quarantined)
    render_scores(result.scores)
    render_lifecycle(result.lifecycle)
    url = f"http://127.0.0.1:{port}/"
    render_function_walks(result.walks, url)
    out = console()
    out.info(f"模拟数据：{result.data_dir}（ground_truth.csv 记录了埋设的异常与脏数据）")
    out.info(f"项目目录：{result.project_dir}")
    out.info(f"查看隔离数据：jiancha -C {result.project_dir} quarantine list")
    out.info(f"查看线索：jiancha -C {result.project_dir} clues list")
    from jiancha.demo import DEMO_PASSWORD

    logins = "、".join(f"{name}（{label}）" for name, label in result.users)
    out.info(f"网页工作台：{url}  演示账号：{logins}，密码均为 {DEMO_PASSWORD}")
    if no_serve or not sys.stdin.isatty() or not sys.stdout.isatty():
        out.info(f"启动工作台：jiancha -C {result.project_dir} serve --port {port}")
        return
    from jiancha.web.asgi import serve

    out.info("工作台已启动（Ctrl+C 退出）")
    serve(result.project_dir, "127.0.0.1", port, workers=1)


@link_app.callback(invoke_without_command=True)
def link_run(
    ctx: typer.Context,
    engine: Annotated[
        str | None,
        typer.Option("--engine", help="spark：在 Spark 上对候选配对评分（默认取 [engine] kind）"),
    ] = None,
    retrain: Annotated[
        bool,
        typer.Option("--retrain", help="按现有数据重新估计先验概率和姓名频率（默认沿用首次所得）"),
    ] = False,
) -> None:
    """关联各部门数据中的人员和单位（不带子命令时运行关联）。"""
    if ctx.invoked_subcommand is not None:
        return
    if engine is not None and engine not in ("duckdb", "spark"):
        raise UsageError(f"--engine 只能是 duckdb 或 spark，不是 “{engine}”")
    report = open_project().link(engine, retrain=retrain)
    grid = RichTable(title=f"人员关联（第 {report.run_id} 次）")
    for label in (
        "人员记录",
        "人员",
        "身份证号确定",
        "概率关联",
        "单独成人",
        "待复核",
        "编号变动",
        "单位",
    ):
        grid.add_column(label, justify="right")
    grid.add_row(
        *(
            f"{n:,}"
            for n in (
                report.mentions,
                report.persons,
                report.deterministic,
                report.probabilistic,
                report.singletons,
                report.review,
                report.changes,
                report.orgs,
            )
        )
    )
    console().rich.print(grid)
    for note in report.notes:
        console().info(note)
    if report.trained:
        console().info("已按本次数据估计先验概率和姓名频率，此后的关联沿用（重新估计：--retrain）")
    if report.review:
        console().info("待复核的配对：jiancha link review")


@link_app.command("review")
def link_review(limit: Annotated[int, typer.Option(help="最多显示对数")] = 50) -> None:
    """列出待人工复核的配对（匹配概率介于自动接受与自动拒绝之间）。"""
    pairs = open_project().link_review(limit)
    grid = RichTable(title=f"待复核配对（{len(pairs)} 对）")
    for label in ("序号", "记录甲", "记录乙", "匹配概率", "匹配权重"):
        grid.add_column(label)
    for number, pair in enumerate(pairs, start=1):
        left, right = pair.left, pair.right
        grid.add_row(
            str(number),
            f"{left.table} {left.record_id}（{left.role}）",
            f"{right.table} {right.record_id}（{right.role}）",
            f"{pair.match_probability:.3f}",
            f"{pair.match_weight:.2f}",
        )
    console().rich.print(grid)
    if pairs:
        console().info("裁决：jiancha link decide 序号 --match|--no-match --reason 理由")


@link_app.command("decide")
def link_decide(
    number: Annotated[int, typer.Argument(help="jiancha link review 列出的序号")],
    match: Annotated[bool, typer.Option("--match/--no-match", help="是否同一人")],
    reason: Annotated[str, typer.Option("--reason", help="理由")],
    actor: Annotated[str, typer.Option("--actor", help="复核人")] = "",
) -> None:
    """对一对待复核的记录作出裁决；下次 jiancha link 时生效，重新关联后仍保留。"""
    import getpass

    pair = open_project().link_decide(number, match, actor or getpass.getuser(), reason)
    verdict = "同一人" if match else "不是同一人"
    console().info(
        f"已记录：{pair.left.table} {pair.left.record_id} 与 {pair.right.table} "
        f"{pair.right.record_id} {verdict}。运行 jiancha link 使其生效。"
    )


@link_app.command("explain")
def link_explain(
    table: Annotated[str, typer.Argument(help="数据表")],
    record_id: Annotated[str, typer.Argument(help="记录编号")],
    role: Annotated[str, typer.Argument(help="角色，如 subject、defendant、suspect")] = "subject",
) -> None:
    """解释一条记录中的人员为何被认定为某人：方法、概率、各字段的一致程度与权重。"""
    ex = open_project().link_explain(table, record_id, role)
    probability = "" if ex.match_probability is None else f"，匹配概率 {ex.match_probability:.3f}"
    console().info(
        f"{ex.table} {ex.record_id}（{ex.role}）→ {ex.person_id}：{ex.method}{probability}"
    )
    for pair in ex.pairs:
        grid = RichTable(
            title=f"与 {pair.other.table} {pair.other.record_id}：{pair.match_probability:.3f}"
            f"（{pair.status}）"
        )
        for label in ("字段", "一致程度", "匹配权重"):
            grid.add_column(label)
        for field in pair.fields:
            grid.add_row(field.label, field.level, f"{field.match_weight:+.2f}")
        console().rich.print(grid)


@app.command()
def similar(
    text: Annotated[str | None, typer.Argument(help="案情事实文本")] = None,
    record: Annotated[str | None, typer.Option("--record", help="以数据仓库中的判决为查询")] = None,
    k: Annotated[int, typer.Option("--k", help="返回类案数")] = 10,
    explain: Annotated[bool, typer.Option("--explain", help="显示得分构成")] = False,
    fmt: Annotated[str, typer.Option("--format", help="table | json")] = "table",
    report: Annotated[Path | None, typer.Option("--report", help="生成类案检索报告 .docx")] = None,
) -> None:
    """类案检索：按案情事实（或已入库判决）找出最相似的判决，并说明要素异同。"""
    import json

    if (text is None) == (record is None):
        raise UsageError("请给出案情事实文本，或用 --record 指定判决记录编号（二者选一）")
    if fmt not in ("table", "json"):
        raise UsageError(f"--format “{fmt}” 不可用；可用：table | json")
    result = open_project().similar(text, record_id=record, k=k, explain=explain)
    if report is not None:
        from jiancha.text.report import write_report

        write_report(report, text or f"判决 {record}", result.matches, estimate=result.estimate)
        console().err.print(f"已生成类案检索报告：{report}")  # stdout stays pure JSON
    if fmt == "json":
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    from jiancha.text.report import estimate_lines, term_label

    for line in estimate_lines(result.estimate):
        console().info(line)
    grid = RichTable(title=f"类案（{len(result.matches)} 件）")
    for label in ("判决", "得分", "罪名", "刑期", "缓刑（月）", "罚金", "相同要素", "不同要素"):
        grid.add_column(label)
    for m in result.matches:
        grid.add_row(
            m.record_id,
            f"{m.score:.3f}",
            m.charge or "",
            term_label(m.term_months),
            str(m.probation_months or ""),
            "" if m.fine_yuan is None else f"{m.fine_yuan:,.0f}",
            "；".join(str(e) for e in m.matched),
            "；".join(str(e) for e in m.differing),
        )
    console().rich.print(grid)


@app.command()
def publish(
    path: Annotated[
        Path | None, typer.Argument(help="裁判文书文件（.txt / .docx / .jsonl）")
    ] = None,
    record: Annotated[str | None, typer.Option("--record", help="数据仓库中判决的记录编号")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="输出文件")] = None,
) -> None:
    """裁判文书脱敏公开：当事人姓名改为“某”，身份证号、电话、住址、车牌、账号遮蔽。"""
    if (path is None) == (record is None):
        raise UsageError("请给出一个裁判文书文件，或用 --record 指定判决记录编号（二者选一）")
    if record is not None:
        text = open_project().publish(record)
    else:
        from jiancha.ingest.judgment_text import read_judgment_texts
        from jiancha.text.publish import publish as deidentify

        assert path is not None
        text = "\n\n".join(deidentify(t.text) for t in read_judgment_texts(path))
    if out is None:
        console().rich.print(text, markup=False, highlight=False)
        return
    out.write_text(text, encoding="utf-8")
    console().info(f"已写入 {out}")


@models_app.command("list")
def models_list(
    domain: Annotated[
        str | None,
        typer.Option(
            "--domain",
            help="只列出一个领域（如 pil、minors）或一项检察职能（criminal、civil、admin，"
            "或“公益诉讼检察”等中文名称）的模型",
        ),
    ] = None,
) -> None:
    """列出监督模型，按四大检察和未成年人检察分组。"""
    from jiancha.models.spec import FUNCTION_LABELS, domains_named, function_of
    from jiancha.reports.clue_export import DOMAIN_LABELS

    chosen = None
    if domain is not None:
        chosen = domains_named(domain)
        if chosen is None:
            names = "、".join(f"{code}（{label}）" for code, label in FUNCTION_LABELS.items())
            raise UsageError(f"未知的领域 “{domain}”；可用职能：{names}，或其中的领域代码")
    models = [m for m in open_project().catalogue() if chosen is None or m.domain in chosen]
    for function, label in FUNCTION_LABELS.items():
        group = [m for m in models if function_of(m.domain) == function]
        if not group:
            continue
        grid = RichTable(title=f"{label}（{len(group)} 个模型）")
        for column in ("编号", "名称", "领域", "版本", "法律依据"):
            grid.add_column(column)
        for model in group:
            basis = "；".join(f"{b.law}{b.article}" for b in model.legal_basis)
            grid.add_row(
                model.id,
                model.title,
                DOMAIN_LABELS.get(model.domain, model.domain),
                str(model.version),
                basis,
            )
        console().rich.print(grid)
    if not models:
        console().info("没有符合条件的模型")


@models_app.command("show")
def models_show(model_id: Annotated[str, typer.Argument(help="模型编号")]) -> None:
    """模型详情：说明、法律依据、不作为线索的情形、参数（生效值）、SQL。"""
    from rich.syntax import Syntax

    model = open_project().catalogue().get(model_id)
    out = console()
    out.rich.print(
        Text.assemble(
            styled(model.id, "bold"), f"  {model.title}  （版本 {model.version}，{model.domain}）"
        )
    )
    out.rich.print(model.description, highlight=False)
    for basis in model.legal_basis:
        out.rich.print(
            f"依据：{basis.law} {basis.article}" + (f"：{basis.text}" if basis.text else "")
        )
    if model.excludes:
        out.rich.print("不作为线索的情形：")
        for sentence in model.excludes:
            out.rich.print(f"  · {sentence}", highlight=False)
    grid = RichTable(title="参数")
    for label in ("参数", "说明", "默认值", "生效值", "单位"):
        grid.add_column(label)
    for name, spec in model.parameter_specs.items():
        grid.add_row(
            name,
            spec.label or "",
            str(spec.default),
            str(model.parameters.get(name)),
            spec.unit or "",
        )
    out.rich.print(grid)
    out.rich.print(Syntax(model.sql.strip(), "sql", word_wrap=True))


@models_app.command("check")
def models_check(
    engine: Annotated[
        str | None,
        typer.Option("--engine", help="spark：检查各模型能否在 Spark 上运行，不能的列出原因"),
    ] = None,
) -> None:
    """数据预检：本项目的数据能运行哪些模型，不能运行的缺什么。"""
    if engine is not None and engine not in ("duckdb", "spark"):
        raise UsageError(f"--engine 只能是 duckdb 或 spark，不是 “{engine}”")
    checks = open_project().check_models(engine)
    grid = RichTable(title="模型在 Spark 上的运行检查" if engine == "spark" else "模型数据预检")
    for label in ("模型", "可运行", "原因"):
        grid.add_column(label)
    for check in checks:
        grid.add_row(check.model_id, "是" if check.ok else "否", "；".join(check.problems))
    console().rich.print(grid)
    ready = sum(1 for c in checks if c.ok)
    console().info(f"{ready}/{len(checks)} 个模型可以运行")


@models_app.command("test")
def models_test(
    model_ids: Annotated[
        list[str] | None, typer.Argument(help="模型编号（默认全部，含本项目 models/ 中的模型）")
    ] = None,
) -> None:
    """运行模型的测试用例（法律边界内外的手写情形）：内置模型的，及本项目 models/cases/ 中的。"""
    outcomes = open_project().test_models(model_ids or None)
    grid = RichTable(title="模型测试用例")
    for label in ("模型", "参数组数", "结果", "问题"):
        grid.add_column(label, overflow="fold")
    for o in outcomes:
        grid.add_row(o.model_id, str(o.runs), "通过" if o.ok else "未通过", "；".join(o.problems))
    out = console()
    out.rich.print(grid)
    failed = [o.model_id for o in outcomes if not o.ok]
    out.info(f"{len(outcomes) - len(failed)}/{len(outcomes)} 个模型的测试用例通过")
    if failed:
        raise typer.Exit(1)


@app.command("run")
def run_command(
    models: Annotated[
        str | None, typer.Option("--models", help="模型编号，逗号分隔（默认全部）")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="评估日期 YYYY-MM-DD（默认今天）")
    ] = None,
    engine: Annotated[
        str | None,
        typer.Option(
            "--engine", help="运行引擎：duckdb 或 spark（默认取 jiancha.toml 的 [engine] kind）"
        ),
    ] = None,
    changed: Annotated[
        bool,
        typer.Option(
            "--changed", help="只评估上次运行以来有新导入数据的单位（没有新数据时不运行）"
        ),
    ] = False,
) -> None:
    """运行监督模型，把命中写成线索。"""
    ids = [m.strip() for m in models.split(",") if m.strip()] if models else None
    if engine is not None and engine not in ("duckdb", "spark"):
        raise UsageError(f"--engine 只能是 duckdb 或 spark，不是 “{engine}”")
    report = open_project().run(ids, parse_date(as_of, "--as-of"), engine=engine, changed=changed)
    if report.note:
        console().info(report.note)
        return
    render_run(report)
    if changed and report.units is not None:
        console().info(f"本次只评估有新数据的单位：{'、'.join(report.units)}")


@app.command("export")
def export_command(
    directory: Annotated[
        Path | None, typer.Argument(help="导出目录（默认 jiancha.toml 的 [spark] export_path）")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="导出格式：parquet")] = "parquet",
) -> None:
    """把数据仓库导出为按行政区划分区的 Parquet 文件（供 Spark 集群读取；只导出新的导入批次）。"""
    if fmt != "parquet":
        raise UsageError(f"--format 只支持 parquet，不是 “{fmt}”")
    report = open_project().export_parquet(directory)
    changed = [t for t in report.tables if t.mode != "unchanged"]
    modes = {"appended": "追加", "rewritten": "重写"}
    for table in changed:
        console().info(f"{table.table}：{modes[table.mode]} {table.rows} 行")
    console().info(
        f"已导出至 {report.directory}：{len(changed)} 张表有变化，共写入 {report.rows} 行"
    )


def render_run(report: "RunReport") -> None:
    grid = RichTable(title=f"模型运行 {report.run_id}（评估日期 {report.as_of}）")
    for label in ("模型", "名称", "命中", "新增", "仍未解决", "已由数据消除", "秒"):
        grid.add_column(label, justify="left" if label in ("模型", "名称") else "right")
    for line in report.lines:
        if line.error:
            grid.add_row(line.model_id, line.title, "失败", "", "", "", f"{line.seconds:.2f}")
            continue
        grid.add_row(
            line.model_id,
            line.title,
            str(line.hits),
            str(line.new),
            str(line.still_open),
            str(line.resolved),
            f"{line.seconds:.2f}",
        )
    console().rich.print(grid)
    console().info(f"共命中 {report.hits} 条；查看线索：jiancha clues list")


def render_lifecycle(lifecycle: dict[str, int]) -> None:
    from jiancha.casebook import status_label

    grid = RichTable(title="演示案件库：线索状态")
    grid.add_column("状态")
    grid.add_column("线索数", justify="right")
    for status, count in lifecycle.items():
        grid.add_row(status_label(status), str(count))
    console().rich.print(grid)


def render_function_walks(walks: "list[FunctionWalk]", url: str) -> None:
    """Each function's demo clue: its conclusion, its document and number, its clue page;
    then where each document's Word file is."""
    grid = RichTable(title="四大检察与未成年人检察：各一条线索办理至制发文书", show_lines=True)
    for label in ("检察职能", "线索", "结论", "文书及文号", "工作台页面"):
        grid.add_column(label, overflow="fold")
    for walk in walks:
        grid.add_row(
            walk.label,
            f"{walk.clue_id}\n{walk.model_title}",
            walk.conclusion,
            f"{walk.title}\n{walk.number}",
            f"{url}clues/{walk.clue_id}",
        )
    out = console()
    out.rich.print(grid)
    out.info("文书（Word 文件，可直接打开）：")
    for walk in walks:
        out.text(f"  {walk.label}：{walk.path}")


def render_scores(scores: "list[ModelScore]") -> None:
    grid = RichTable(title="模型命中与埋设异常（ground truth）对照")
    labels = ("模型", "埋设", "命中", "正确", "精确率", "召回率", "合法相似情形", "误报其中")
    for label in labels:
        grid.add_column(label, justify="left" if label == "模型" else "right")
    for s in scores:
        grid.add_row(
            s.model_id,
            str(s.planted),
            str(s.found),
            str(s.true_positives),
            f"{s.precision:.3f}",
            f"{s.recall:.3f}",
            str(s.lookalikes),
            str(s.lookalikes_flagged),
        )
    console().rich.print(grid)


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (used by ``main`` and by the tests)."""
    state.project_dir, state.debug, state.quiet = None, False, False
    previous = private_umask()  # everything a command writes is its owner's alone
    try:
        return _run(argv)
    finally:
        os.umask(previous)


def _run(argv: list[str] | None) -> int:
    try:
        app(args=argv, prog_name="jiancha")
    except SystemExit as exc:  # typer ends every run, including usage errors (exit 2), so
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except UsageError as exc:
        if state.debug:
            raise
        _error(str(exc))
        return 2
    except JianchaError as exc:
        if state.debug:
            raise
        _error(str(exc))
        return 1
    except KeyboardInterrupt:
        _error("已中断")
        return 130
    except Exception as exc:  # a bug: still no traceback for the user unless asked
        if state.debug:
            raise
        _error(
            f"内部错误（{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}）；"
            "加 --debug 查看详情并报告此问题"
        )
        return 1
    return 0


def _error(message: str) -> None:
    sys.stderr.write(f"错误: {plain(message)}\n")


def main() -> None:
    sys.exit(run())
