"""The ``kg`` command: build a knowledge graph from Chinese news pages, and score it."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import errors

ROOT = Path(__file__).resolve().parents[1]


class _Group(click.Group):
    """Turns the project's errors into one line on stderr and exit code 1 (``--debug`` shows
    the traceback)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except errors.KGError as exc:
            if ctx.params.get("debug"):
                raise
            click.echo(f"kg: error: {exc}", err=True)
            ctx.exit(1)


@click.group(cls=_Group)
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def main(debug: bool) -> None:
    """Offline knowledge-graph builder for Chinese news pages."""


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default="build", show_default=True, type=click.Path(path_type=Path), help="Output folder.")
@click.option("--quiet", is_flag=True, help="No progress lines.")
def build(inputs: tuple[Path, ...], out_dir: Path, quiet: bool) -> None:
    """Extract entities and relations from INPUTS (files or folders; default seeds/) and write
    OUT/extract/*.json, OUT/graph.ttl, OUT/graph.graphml and OUT/report.json.

    A file that cannot be read is reported and skipped; the exit code is 1 when any failed.
    """
    from .pipeline import build as run_build

    inputs = inputs or (ROOT / "seeds",)
    progress = None if quiet else (lambda f: click.echo(f"extracted {f}", err=True))
    report = run_build(inputs, out_dir, progress=progress)
    for failure in report["failed"]:
        click.echo(f"kg: failed: {failure['error']}", err=True)
    ents = sum(report["entities"].values())
    rels = sum(report["relations"].values())
    click.echo(
        f"{report['documents']} documents, {report['articles']} articles, {ents} entities, {rels} relations "
        f"-> {out_dir}/ ({report['seconds']['total']:.1f} s)"
    )
    if report["failed"]:
        sys.exit(1)


@main.command()
@click.option("--gold", "gold_dir", required=True, type=click.Path(path_type=Path, exists=True, file_okay=False), help="Folder of answer keys.")
@click.option("--pred", "pred_dir", default="build/extract", show_default=True, type=click.Path(path_type=Path), help="Folder of extracted documents.")
@click.option("--errors", "show_errors", is_flag=True, help="List false positives and misses by label and predicate.")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
def evaluate(gold_dir: Path, pred_dir: Path, show_errors: bool, as_json: bool) -> None:
    """Precision, recall and F1 per label, per predicate and micro-averaged."""
    from .evaluate import format_report, score_dirs

    if not pred_dir.is_dir():
        raise errors.KGError(f"E007 no predictions at {pred_dir}: run `kg build` first")
    report = score_dirs(gold_dir, pred_dir)
    if as_json:
        if not show_errors:
            report.pop("errors")
        click.echo(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        click.echo(format_report(report, show_errors))


if __name__ == "__main__":  # pragma: no cover
    main()
