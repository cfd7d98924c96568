"""The evaluation report of a trained model: JSON (everything), Markdown, and HTML with SVG charts.

Charts are drawn here as plain SVG (no plotting library, nothing to download): the calibration curve and the
cost curve, model against rules.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from wasl.risk.models import RiskModel
from wasl.stores.models import Store

_SIZE = (420, 300)
_PAD = 44
_COLOURS = {"model": "#0f766e", "rules": "#b45309", "ideal": "#9ca3af"}


def write_reports(store: Store, model: RiskModel, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"{store.slug}-risk-v{model.version}"
    summary = report_data(store, model)
    paths = [stem.with_suffix(".json"), stem.with_suffix(".md"), stem.with_suffix(".html")]
    paths[0].write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    paths[1].write_text(markdown(summary), encoding="utf-8")
    paths[2].write_text(html(summary), encoding="utf-8")
    return paths


def report_data(store: Store, model: RiskModel) -> dict[str, Any]:
    return {
        "store": store.slug,
        "currency": store.currency,
        "version": model.version,
        "state": model.state,
        "decision": model.decision,
        "trained_at": model.trained_at.isoformat(),
        "train_until": model.train_until.isoformat(),
        "features": model.features,
        "checksum": model.checksum,
        "library": model.library,
        **model.metrics,
    }


def _fmt(value: object) -> str:
    return "-" if value is None else str(value)


def markdown(r: dict[str, Any]) -> str:
    m, rules, hold = r["model"], r["rules"], r["holdout"]
    lines = [
        f"# RTO risk model v{r['version']} for {r['store']}",
        "",
        f"State: **{r['state']}**. {r['decision']}.",
        "",
        f"Trained {r['trained_at']} on orders whose outcome was known before {r['train_until']} "
        f"({r['learning']['orders']} orders to learn, {r['learning']['calibration_orders']} to calibrate, "
        f"{r['learning']['iterations']} trees, {r['learning']['calibration']} calibration, "
        f"{r['learning']['seconds']} s).",
        f"Holdout: {hold['orders']} newer orders ({hold['rtos']} RTOs) placed {hold['from']} to {hold['until']}.",
        "",
        "| | model | rules |",
        "|---|---|---|",
        f"| ROC-AUC | {_fmt(m['roc_auc'])} | {_fmt(rules['roc_auc'])} |",
        f"| PR-AUC | {_fmt(m['pr_auc'])} | {_fmt(rules['pr_auc'])} |",
        f"| Brier score | {m['brier']} | {rules['brier']} |",
        f"| mean score (observed RTO rate {round(hold['rtos'] / max(hold['orders'], 1), 4)}) "
        f"| {m['mean_score']} | {rules['mean_score']} |",
    ]
    previous = r.get("previous")
    if previous:
        lines += [
            "",
            f"Model in service before: v{previous['version']}, ROC-AUC {_fmt(previous['roc_auc'])} "
            f"on {previous['basis']} (this model: {_fmt(previous['new_roc_auc'] or m['roc_auc'])}).",
        ]
    costs = r["costs"]
    lines += [
        "",
        "## Calibration (holdout)",
        "",
        "| predicted | orders | mean predicted | observed |",
        "|---|---|---|---|",
        *(
            f"| {b['from']:.1f}-{b['to']:.1f} | {b['orders']} | {b['predicted']} | {b['observed']} |"
            for b in m["calibration"]
        ),
        "",
        "## Money saved by acting on the riskiest orders (holdout)",
        "",
        f"An RTO caught saves {costs['shipping']} + {costs['rto']} {r['currency']} (forward shipping and return); "
        f"acting on an order that would have been delivered costs {costs['action']} ({costs['source']}).",
        "",
        "| riskiest | orders | RTOs caught (model) | saved (model) | RTOs caught (rules) | saved (rules) |",
        "|---|---|---|---|---|---|",
        *(
            f"| {int(a['share'] * 100)}% | {a['orders']} | {a['rtos_caught']} | {a['saved']} "
            f"| {b['rtos_caught']} | {b['saved']} |"
            for a, b in zip(m["cost_curve"], rules["cost_curve"], strict=True)
        ),
        "",
        "## What moves the score (mean absolute log-odds on the holdout)",
        "",
        "| reason group | weight |",
        "|---|---|",
        *(
            f"| {group} | {weight} |"
            for group, weight in sorted(r["reason_weight"].items(), key=lambda kv: -kv[1])
        ),
        "",
        f"Features: {', '.join(r['features'])}.",
        "",
    ]
    return "\n".join(lines)


def html(r: dict[str, Any]) -> str:
    body = _markdown_tables_as_html(markdown(r))
    charts = _calibration_svg(r) + _cost_svg(r)
    title = escape(f"RTO risk model v{r['version']} for {r['store']}")
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>body{{font-family:sans-serif;max-width:960px;margin:2em auto}}"
        "table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:4px 8px;text-align:right}"
        "svg{margin:1em 1em 0 0}</style></head><body>"
        f"{charts}{body}</body></html>"
    )


def _markdown_tables_as_html(text: str) -> str:
    out: list[str] = []
    in_table = False
    for line in text.splitlines():
        if line.startswith("|"):
            cells = [escape(c.strip()) for c in line.strip("|").split("|")]
            if set("".join(cells)) <= {"-"}:
                continue
            if not in_table:
                out.append("<table>")
                in_table = True
                out.append("<tr>" + "".join(f"<th>{c}</th>" for c in cells) + "</tr>")
            else:
                out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
            continue
        if in_table:
            out.append("</table>")
            in_table = False
        if line.startswith("# "):
            out.append(f"<h1>{escape(line[2:])}</h1>")
        elif line.startswith("## "):
            out.append(f"<h2>{escape(line[3:])}</h2>")
        elif line:
            out.append(f"<p>{escape(line).replace('**', '')}</p>")
    if in_table:
        out.append("</table>")
    return "\n".join(out)


def _frame(title: str, x_label: str, y_label: str) -> list[str]:
    w, h = _SIZE
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" role="img" aria-label="{escape(title)}">',
        f'<text x="{w / 2}" y="16" text-anchor="middle" font-size="13">{escape(title)}</text>',
        f'<line x1="{_PAD}" y1="{h - _PAD}" x2="{w - 10}" y2="{h - _PAD}" stroke="#333"/>',
        f'<line x1="{_PAD}" y1="{h - _PAD}" x2="{_PAD}" y2="24" stroke="#333"/>',
        f'<text x="{w / 2}" y="{h - 8}" text-anchor="middle" font-size="11">{escape(x_label)}</text>',
        f'<text x="12" y="{h / 2}" font-size="11" transform="rotate(-90 12 {h / 2})" '
        f'text-anchor="middle">{escape(y_label)}</text>',
    ]


def _xy(x: float, y: float, x_max: float, y_min: float, y_max: float) -> tuple[float, float]:
    w, h = _SIZE
    span = (y_max - y_min) or 1.0
    return (
        _PAD + (w - 10 - _PAD) * (x / (x_max or 1.0)),
        (h - _PAD) - (h - _PAD - 24) * ((y - y_min) / span),
    )


def _polyline(points: list[tuple[float, float]], colour: str, label: str, row: int) -> list[str]:
    joined = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return [
        f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{joined}"/>',
        f'<text x="{_PAD + 8}" y="{36 + 14 * row}" font-size="11" fill="{colour}">{escape(label)}</text>',
    ]


def _calibration_svg(r: dict[str, Any]) -> str:
    top = max(
        [0.05]
        + [max(b["predicted"], b["observed"]) for who in ("model", "rules") for b in r[who]["calibration"]]
    )
    parts = _frame("Calibration on the holdout", "predicted RTO probability", "observed RTO rate")
    parts += _polyline([_xy(0, 0, top, 0, top), _xy(top, top, top, 0, top)], _COLOURS["ideal"], "ideal", 2)
    for row, who in enumerate(("model", "rules")):
        points = [_xy(b["predicted"], b["observed"], top, 0, top) for b in r[who]["calibration"]]
        parts += _polyline(points, _COLOURS[who], who, row)
    return "\n".join([*parts, "</svg>"])


def _cost_svg(r: dict[str, Any]) -> str:
    curves = {
        who: [(0.0, 0.0)] + [(p["share"], p["saved"]) for p in r[who]["cost_curve"]]
        for who in ("model", "rules")
    }
    values = [v for curve in curves.values() for _, v in curve]
    low, high = min(values), max(values)
    parts = _frame(
        f"Saved by acting on the riskiest orders ({r['currency']})", "share of orders acted on", "saved"
    )
    x_max = max(share for share, _ in curves["model"])
    for row, (who, curve) in enumerate(curves.items()):
        parts += _polyline([_xy(s, v, x_max, low, high) for s, v in curve], _COLOURS[who], who, row)
    return "\n".join([*parts, "</svg>"])
