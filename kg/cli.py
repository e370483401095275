"""The ``kg`` command: build a knowledge graph from Chinese news pages, and score it."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import errors
from .config import ROOT, SEEDS


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that a build cleans up as for Ctrl-C."""


def _on_sigterm(signum, frame):
    raise Terminated()


#: Exit codes: 0 success; 1 some inputs failed, or the command failed; 2 a usage error (the
#: command line, or what it names, cannot be used; nothing was done); 130 interrupted by
#: Ctrl-C (SIGINT); 143 terminated (SIGTERM). The README lists them.
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143


class _Group(click.Group):
    """Turns the project's errors into one line on stderr and their exit code (``--debug``
    shows the traceback); Ctrl-C and SIGTERM into one line and 130 or 143, after the command
    has cleaned up (its ``finally`` blocks run)."""

    def invoke(self, ctx):
        import signal

        if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _on_sigterm)
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("kg: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except Terminated:
            click.echo("kg: terminated", err=True)
            ctx.exit(EXIT_TERMINATED)
        except Exception as exc:  # anything else is still one line, unless --debug
            if ctx.params.get("debug"):
                raise
            click.echo(f"kg: error: {_error_line(exc)}", err=True)
            ctx.exit(exc.exit_code if isinstance(exc, errors.KGError) else 1)


def _error_line(exc: Exception) -> str:
    """The one line that the CLI prints for ``exc``."""
    if isinstance(exc, errors.KGError):
        return str(exc)
    if isinstance(exc, OSError) and exc.filename:
        from .io.names import shown

        return errors.E040.format(path=shown(exc.filename), reason=exc.strerror or exc)
    reason = " ".join(str(exc).split())
    return errors.E039.format(kind=type(exc).__name__, reason=reason[:300])


@click.group(cls=_Group)
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def main(debug: bool) -> None:
    """Offline knowledge-graph builder for Chinese news pages."""


def _byte_size(ctx, param, value):
    """``--max-bytes``: a size, and one that can admit a page the pipeline takes."""
    from .config import MAX_CHARACTERS
    from .io.files import parse_size

    try:
        size = parse_size(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    most = 4 * MAX_CHARACTERS + 4  # four bytes a character at most (UTF-8, GB18030), and a BOM
    if size > most:
        raise click.BadParameter(errors.E050.format(size=size, limit=MAX_CHARACTERS, most=most))
    return size


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default="build", show_default=True, type=click.Path(path_type=Path), help="Output folder.")
@click.option("--quiet", is_flag=True, help="No progress lines.")
@click.option(
    "--max-bytes", metavar="SIZE", default="1000000", show_default=True, envvar="KG_MAX_BYTES", callback=_byte_size,
    help="Refuse input files larger than this (e.g. 2M). Env: KG_MAX_BYTES.",
)
@click.option(
    "--workers", "-j", metavar="N", default=1, show_default=True, envvar="KG_WORKERS", type=click.IntRange(min=1),
    help="Extract with N processes (on Linux forked after the model is loaded, sharing it; with 1, "
    "the segmenter loads and runs in a helper process while the rest loads). "
    "The outputs are the same bytes whatever N. Env: KG_WORKERS.",
)
@click.option("--no-cache", is_flag=True, help="Extract every input again, and keep no results for the next build.")
@click.option(
    "--cache-dir", metavar="DIR", default=None, envvar="KG_CACHE_DIR", type=click.Path(path_type=Path, file_okay=False),
    help="Keep extraction results here instead of OUT/.cache (then never pruned). Env: KG_CACHE_DIR.",
)
@click.option("--follow-links", is_flag=True, help="Follow symbolic links that lead out of an input folder (skipped, with a warning, by default).")
@click.option(
    "--manifest", metavar="FILE", default=None, type=click.Path(path_type=Path, dir_okay=False),
    help="What is known of the pages: CSV or JSON with file (path relative to the input folder), newspaper, "
    "edition, page and date (publication date, YYYY-MM-DD).",
)
@click.option(
    "--date-from-path", metavar="PATTERN", default=None,
    help="Publication dates from the pages' paths: %Y, %m and %d in PATTERN stand for year, month and day "
    "(e.g. %Y-%m-%d for 2022-09-18/page01.txt). A manifest's date wins.",
)
@click.option(
    "--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True, envvar="KG_ENGINE",
    help="Extract on this machine's worker processes (local), or on a Dask cluster (dask): the one at --scheduler, "
    "else a local one of --workers processes started for the build. The outputs are the same bytes. Env: KG_ENGINE.",
)
@click.option(
    "--scheduler", metavar="ADDRESS", default=None, envvar="DASK_SCHEDULER_ADDRESS",
    help="The Dask scheduler of --engine dask, e.g. tcp://127.0.0.1:8786 (make dask-up). Env: DASK_SCHEDULER_ADDRESS.",
)
@click.pass_context
def build(ctx: click.Context, inputs: tuple[Path, ...], out_dir: Path, quiet: bool, max_bytes: int,
          workers: int, no_cache: bool, cache_dir: Path | None, follow_links: bool, manifest: Path | None,
          date_from_path: str | None, engine: str, scheduler: str | None) -> None:
    """Extract entities and relations from INPUTS (files or folders; default seeds/) and write
    OUT/extract/*.json, OUT/graph.ttl, OUT/graph.graphml, OUT/neo4j/, OUT/view/ and
    OUT/report.json.

    Inputs: .txt files (and .html pages, whose markup is skipped) in UTF-8, UTF-16 with a
    byte-order mark, GB18030/GBK or Big5; Traditional Chinese is read as Simplified, names are
    kept as written. Folders are searched for *.txt and *.html; a page is named by its path in
    the folder (2022-09-18/page01.txt), and a page with the same bytes as another is built once.

    Dates in the text are resolved against each page's publication date when --manifest or
    --date-from-path gives it; without either they are kept as written, never guessed. A bad
    manifest is refused on one line naming the file and the row, before anything is built.

    A file that cannot be used is reported on one line and skipped, and listed under "failed"
    in OUT/report.json; the exit code is 1 when any failed. Links out of an input folder are
    skipped with a warning unless --follow-links.

    OUT is made anew by each build (a new folder beside it, swapped in when the whole build has
    succeeded), so it holds exactly this build's outputs, and an interrupted or failed build
    leaves the previous one as it was. kg build therefore writes only into a new or empty
    folder or one of its own builds, and one build at a time.

    OUT/view/index.html is the graph in a browser, from disk, with no server (kg view writes it
    again). kg sparql makes OUT/store/, the store it queries, at its first query.

    Each page's results are kept in OUT/.cache (or --cache-dir), keyed by the page's name and
    bytes and by a hash of kg/ and pipelines/: the next build extracts only the pages that
    changed, and none at all (without loading the model) when nothing did.

    With --engine dask, this process reads the inputs and writes every output as above, and
    sends the pages to extract, as text, to the workers of a Dask cluster; each worker loads
    the pipeline once, and must have the same kg/, pipelines/ and model as this machine.
    """
    from .io.names import shown
    from .pipeline.batch import build as run_build

    inputs = inputs or (SEEDS,)
    progress = None if quiet else (lambda f: click.echo(f"extracted {shown(f)}", err=True))
    debug = bool(ctx.find_root().params.get("debug"))
    report = run_build(inputs, out_dir, progress=progress, max_bytes=max_bytes, debug=debug,
                       workers=workers, cache=not no_cache, cache_dir=cache_dir,
                       warn=lambda line: click.echo(f"kg: warning: {line}", err=True), follow_links=follow_links,
                       manifest=manifest, date_from_path=date_from_path,
                       engine=_engine(ctx, engine, scheduler, workers, debug))
    for failure in report["failed"]:
        click.echo(f"kg: failed: {failure['error']}", err=True)
    ents = sum(report["entities"].values())
    rels = sum(report["relations"].values())
    cached = f", {report['cache']['hits']} from the cache" if report.get("cache", {}).get("hits") else ""
    stats = "kg stats" if out_dir == Path("build") else f"kg stats --build {shown(out_dir)}"
    click.echo(
        f"{report['documents']} documents, {report['articles']} articles, {ents} entities, {rels} relations "
        f"-> {shown(out_dir)}/ ({report['seconds']['total']:.1f} s{cached}); "
        f"open {shown(out_dir / 'view' / 'index.html')}, or run `{stats}`"
    )
    if report["failed"]:
        sys.exit(1)


def _engine(ctx: click.Context, engine: str, scheduler: str | None, workers: int, debug: bool):
    """The extraction engine of ``kg build`` (None: this machine's); a usage error for options
    that do not go together. (Only the command line is held to that: an environment variable
    such as DASK_SCHEDULER_ADDRESS may be set for other builds.)"""
    from click.core import ParameterSource

    given = {name: ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE for name in ("scheduler", "workers")}
    if engine == "local":
        if given["scheduler"]:
            raise errors.UsageError(errors.E067.format(option="--scheduler", why="is for --engine dask"))
        return None
    if scheduler and given["workers"]:
        raise errors.UsageError(errors.E067.format(
            option="--workers", why="sizes the local cluster of --engine dask without --scheduler; "
            "the workers of the cluster at --scheduler are what they are"))
    from .pipeline.cluster import dask_engine

    return dask_engine(scheduler or None, workers, debug)


@main.command()
@click.option("--gold", "gold_dirs", required=True, multiple=True, type=click.Path(path_type=Path, exists=True, file_okay=False),
              help="Folder of answer keys; give it again for another set.")
@click.option("--texts", "text_dirs", multiple=True, type=click.Path(path_type=Path, exists=True, file_okay=False),
              help="The texts of the --gold of the same rank: they are extracted for the scoring (no build needed).")
@click.option("--pred", "pred_dir", default="build/extract", show_default=True, type=click.Path(path_type=Path),
              help="Folder of extracted documents, for a --gold given without --texts.")
@click.option("--errors", "show_errors", is_flag=True, help="List false positives and misses by label and predicate.")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
def evaluate(gold_dirs: tuple[Path, ...], text_dirs: tuple[Path, ...], pred_dir: Path, show_errors: bool, as_json: bool) -> None:
    """Precision, recall and F1 per label, per predicate and micro-averaged, for each set of
    answer keys, with a line per document.

    \b
    kg evaluate --gold ../shared/gold                       # scores build/extract
    kg evaluate --gold ../shared/gold --texts seeds \\
                --gold ../shared/gold-dev/gold --texts ../shared/gold-dev/texts
    """
    import tempfile

    from .evaluate import format_documents, format_report, score_dirs

    if text_dirs and len(text_dirs) != len(gold_dirs):
        raise click.UsageError(f"give one --texts for each --gold ({len(gold_dirs)} --gold, {len(text_dirs)} --texts)")
    if not text_dirs and not pred_dir.is_dir():
        raise errors.KGError(errors.E007.format(path=pred_dir))
    reports = []
    with tempfile.TemporaryDirectory(prefix="kg-evaluate-") as tmp:
        preds = _extracted(text_dirs, Path(tmp)) if text_dirs else [pred_dir] * len(gold_dirs)
        for gold, pred in zip(gold_dirs, preds):
            report = score_dirs(gold, pred)
            if as_json and not show_errors:
                report.pop("errors")
            reports.append({"gold": str(gold), "predictions": str(pred) if not text_dirs else None, **report})
    if as_json:
        click.echo(json.dumps(reports[0] if len(reports) == 1 and not text_dirs else {"sets": reports}, ensure_ascii=False, indent=1))
        return
    for gold, report in zip(gold_dirs, reports):
        if len(reports) > 1 or text_dirs:
            click.echo(f"== {gold} ({len(report['documents'])} documents)")
        click.echo(format_report(report, show_errors))
        if len(reports) > 1 or text_dirs:
            click.echo("per document:\n" + format_documents(report) + "\n")


def _extracted(text_dirs: tuple[Path, ...], tmp: Path) -> list[Path]:
    """The extract folders of ``text_dirs``, each built into ``tmp`` with one loaded pipeline."""
    from .pipeline.batch import build
    from .pipeline.extract import Extractor

    extractor = Extractor.load()
    try:
        out = []
        for k, texts in enumerate(text_dirs):
            build([texts], tmp / str(k), extractor=extractor, cache=False)
            out.append(tmp / str(k) / "extract")
        return out
    finally:
        extractor.close()


# --- kg view, kg stats: read a build's files ---

_build_option = click.option("--build", "build_dir", default="build", show_default=True, envvar="KG_BUILD",
                             type=click.Path(path_type=Path, file_okay=False), help="The build folder. Env: KG_BUILD.")


@main.command()
@_build_option
@click.option("--cache-dir", metavar="DIR", default=None, envvar="KG_CACHE_DIR", type=click.Path(path_type=Path, file_okay=False),
              help="Where the build kept its pages, if not BUILD/.cache. Env: KG_CACHE_DIR.")
def view(build_dir: Path, cache_dir: Path | None) -> None:
    """Write BUILD/view/ again: the graph in a browser, opened from disk (index.html), with no
    server and no network. kg build writes it too; this rewrites it from BUILD/graph.graphml and
    the pages in the build's cache, without extracting anything (a page no longer cached shows
    its facts without its text)."""
    from .pipeline.view import write_build_view

    index, shown, total = write_build_view(build_dir, cache_dir)
    missing = f" ({total - shown} without their text: not in the cache)" if shown < total else ""
    click.echo(f"{total} documents{missing} -> {index}: open it in a browser")


@main.command()
@_build_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON (every document and article).")
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=1), help="Entities per label, articles and rules listed.")
def stats(build_dir: Path, as_json: bool, top: int) -> None:
    """What a build found, from its files (graph.graphml, report.json): entities per label, facts
    per predicate, the most connected entities of each label, entities and facts per document
    and article, the inputs that failed, and the rules that read the most facts."""
    from .stats import build_stats, format_stats

    figures = build_stats(build_dir, top)
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False, indent=1))
    else:
        click.echo(format_stats(figures, top))


# --- kg sparql, kg validate: read the Turtle that `kg build` wrote; no server ---

_graph_option = click.option(
    "--graph", "graph_path", default="build/graph.ttl", show_default=True, envvar="KG_GRAPH",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The graph: Turtle, or another RDF format named by the file's extension. Env: KG_GRAPH.",
)


def _one_line(message: object, limit: int = 300) -> str:
    """A message on one line, cut to ``limit`` characters (rdflib's errors run to many lines)."""
    text = " ".join(str(message).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _load_rdf(path: Path):
    """The graph at ``path`` with the prefixes of kg.vocab bound, so queries need not declare them."""
    from rdflib import Graph
    from rdflib.util import guess_format

    from .vocab import PREFIXES

    if not path.is_file():
        raise errors.KGError(errors.E021.format(path=path))
    rdf = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        rdf.bind(prefix, namespace)
    try:
        rdf.parse(path, format=guess_format(str(path)) or "turtle")
    except Exception as exc:  # rdflib's parsers raise many kinds; any of them means "not RDF"
        raise errors.KGError(errors.E022.format(path=path, reason=_one_line(exc))) from exc
    return rdf


@main.command()
@click.argument("query_file", metavar="QUERY_FILE|-", type=click.File("r", encoding="utf-8"))
@_graph_option
@click.option("--store", "store_dir", default=None, envvar="KG_STORE", type=click.Path(path_type=Path, dir_okay=True, file_okay=False),
              help="The graph's pyoxigraph store (default: the folder store/ beside the graph), made or made "
              "again when missing or stale. Env: KG_STORE.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "xml", "csv", "tsv"]), default="table", show_default=True,
              help="table, or a W3C SPARQL results format (json, xml and tsv keep language tags and datatypes).")
@click.option("--timeout", metavar="SECONDS", default=60.0, show_default=True, envvar="KG_SPARQL_TIMEOUT",
              type=click.FloatRange(min=0, min_open=True), help="Stop the query after this long. Env: KG_SPARQL_TIMEOUT.")
@click.option("--limit", metavar="ROWS", default=100_000, show_default=True, envvar="KG_SPARQL_LIMIT",
              type=click.IntRange(min=1), help="Refuse an answer of more rows (or triples) than this. Env: KG_SPARQL_LIMIT.")
def sparql(query_file, graph_path: Path, store_dir: Path | None, fmt: str, timeout: float, limit: int) -> None:
    """Run the SPARQL query in QUERY_FILE (- for stdin) over the graph, without a server.

    The query runs on a pyoxigraph store of the graph (made at the first query after a build),
    not on the Turtle. It may use the ontology's prefixes (kg:, org:, schema:, skos:, prov: ...)
    without declaring them; give it an ORDER BY for output that does not change between runs.
    CONSTRUCT and DESCRIBE print Turtle. Updates (INSERT, DELETE, LOAD ...) and SERVICE are
    refused: kg sparql only reads, and never goes to the network.

    \b
        kg sparql queries/provincial_union_posts.rq
        echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | kg sparql - --format json
    """
    from .export.sparql import query_form, run_sparql
    from .export.store import ensure_store

    name = query_file.name
    try:
        text = query_file.read()
    except UnicodeDecodeError as exc:
        raise errors.KGError(errors.E025.format(name=name, reason=exc.reason)) from None
    query_form(text, name)  # a refused query is refused before the store is touched
    if not graph_path.is_file():
        raise errors.KGError(errors.E021.format(path=graph_path))
    store = ensure_store(graph_path, store_dir)
    run_sparql(store, text, sys.stdout, fmt, name, timeout=timeout, limit=limit, final_newline=True)


@main.command()
@_graph_option
def validate(graph_path: Path) -> None:
    """Check the graph against the SHACL shapes of ontology/shapes.ttl (pyshacl).

    Prints whether it conforms, and the report when there are violations or warnings; the exit
    code is 1 when it does not conform (warnings alone do not fail).
    """
    from .export.rdf import SHAPES_PATH
    from .export.rdf import validate as shacl_validate

    conforms, report = shacl_validate(_load_rdf(graph_path))
    has_results = "Results (" in report
    if has_results:
        click.echo(report.rstrip("\n"))
    shapes = SHAPES_PATH.relative_to(ROOT) if SHAPES_PATH.is_relative_to(ROOT) else SHAPES_PATH
    if conforms:
        click.echo(f"{graph_path}: conforms to {shapes}" + (" (with warnings)" if has_results else ""))
    else:
        click.echo(f"{graph_path}: does not conform to {shapes}", err=True)
        sys.exit(1)


@main.group()
def neo4j() -> None:
    """Load the graph into Neo4j (or another server that speaks Bolt and Cypher)."""


@neo4j.command("load")
@click.option("--build", "build_dir", default="build", show_default=True, type=click.Path(path_type=Path, file_okay=False), help="Build folder holding graph.graphml.")
@click.option("--uri", default="bolt://127.0.0.1:7687", show_default=True, envvar="NEO4J_URI", help="Server address (or NEO4J_URI).")
@click.option("--user", default="neo4j", show_default=True, envvar="NEO4J_USER", help="User name (or NEO4J_USER).")
@click.option("--database", default=None, envvar="NEO4J_DATABASE", help="Database (or NEO4J_DATABASE); default: the server's.")
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(min=1), help="Rows per transaction.")
@click.option("--keep-stale", is_flag=True, help="Keep the nodes and relationships that the build no longer has.")
def neo4j_load(build_dir: Path, uri: str, user: str, database: str | None, batch_size: int, keep_stale: bool) -> None:
    """Load BUILD/graph.graphml into a Neo4j server; the password is read from the environment
    variable NEO4J_PASSWORD.

    Makes uniqueness constraints on the ids, then merges nodes and relationships in batched write
    transactions. Loading the same build again changes nothing; a rebuilt graph replaces the
    earlier one in place, stale nodes and relationships removed (unless --keep-stale).
    """
    from .export.bolt import check_uri, connect, load_rows, password_from_env, read_build
    from .export.neo4j import graph_rows

    check_uri(uri)
    rows = graph_rows(read_build(build_dir))
    driver = connect(uri, user, password_from_env(), database)
    try:
        # Drawn on a terminal only, so that a log or an error stays free of it.
        with click.progressbar(length=rows.total, label="loading", file=sys.stderr,
                               hidden=not sys.stderr.isatty()) as bar:
            stats = load_rows(driver, rows, database, batch_size=batch_size, prune=not keep_stale,
                              progress=bar.update, uri=uri, user=user)
    finally:
        driver.close()
    for statement, fallback in stats.schema_fallbacks:
        instead = f"ran `{fallback}` instead" if fallback else "skipped it"
        click.echo(f"kg: note: the server cannot run `{statement}`; {instead}", err=True)
    click.echo(
        f"{stats.nodes} nodes, {stats.relationships} relationships -> {uri} {database or '(default database)'} "
        f"in {stats.seconds:.1f} s ({stats.relationships_per_second:.0f} relationships/s); "
        f"removed {stats.deleted_nodes} stale nodes, {stats.deleted_relationships} stale relationships"
    )


if __name__ == "__main__":  # pragma: no cover
    main()
