"""Error messages, each with a code, in one place (as spaCy keeps its own)."""
from __future__ import annotations

__all__ = ["KGError"]


class KGError(Exception):
    """An error the user can act on; the CLI prints it on one line without a traceback and
    exits with :attr:`exit_code`."""

    exit_code = 1


class UsageError(KGError):
    """The command line, or a file or folder it names, cannot be used as given (exit code 2,
    as for click's own usage errors): nothing was done."""

    exit_code = 2


E001 = "E001 the pkuseg segmentation model is missing at {path}: run `make setup` (it fetches the model from the pkuseg 0.0.25 sdist on PyPI)"
E002 = "E002 no input files found in {paths}: give .txt or .html files, or folders that hold them"
E003 = "E003 cannot read {path}: {reason}"
E004 = "E004 cannot tell the encoding of {path} (tried UTF-8, UTF-16 with a byte-order mark, GB18030, Big5{detail}): save it as UTF-8"
E005 = "E005 no gold files in {path}"
E006 = "E006 {path} has no text: remove it from the inputs or give the right file"
E007 = "E007 no predictions at {path}: run `kg build` first"
E008 = "E008 {path}: {fault}"
E009 = "E009 {path} is not a JSON file: {reason}"

# Reading the graph (kg sparql, kg validate)
E021 = "E021 no graph at {path}: run `kg build` first, or give --graph"
E022 = "E022 cannot read {path} as RDF: {reason}"
E023 = "E023 syntax error in query {name}: {reason}"
E024 = "E024 cannot run query {name}: {reason}"
E025 = "E025 query {name} is not UTF-8 text: {reason}"
E026 = "E026 query {name} is refused: {what} (kg sparql only reads the local store and makes no network request)"
E027 = "E027 query {name} ran over the time limit of {seconds:g} s and was stopped: narrow it, or raise --timeout (env KG_SPARQL_TIMEOUT)"
E028 = "E028 query {name} gives more than {limit:,} {unit}: add a LIMIT, or raise --limit (env KG_SPARQL_LIMIT)"
E029 = "E029 cannot make the SPARQL store {path} from {graph}: {reason}"

# Inputs and builds (kg.io, kg.pipeline)
E030 = "E030 {path} is {size:,} bytes, over the limit of {limit:,}: split it, or raise --max-bytes (env KG_MAX_BYTES)"
E031 = "E031 {path} is not text but {kind}: convert it to UTF-8 text first"
E032 = "E032 {path} contains NUL bytes (binary, or UTF-16 without a byte-order mark): save it as UTF-8"
E033 = "E033 {path} starts with a {bom} byte-order mark but is not valid {bom}: {reason}"
E034 = "E034 {path} is not a regular file: give text files or folders"
E035 = "E035 extraction failed on {path}: {reason} (run `kg --debug build` for the traceback)"
E036 = "E036 {path} has the same name as {other}, so their outputs would overwrite each other: rename one"
E037 = "E037 no input could be used ({count} failed; first: {first}); {out} left as it was"
E038 = "E038 reading Traditional Chinese needs opencc-python-reimplemented: run `make setup`"
E039 = "E039 unexpected {kind}: {reason} (run again as `kg --debug ...` for the traceback)"
E040 = "E040 cannot use {path}: {reason}: check the path and its permissions"
E041 = "E041 the pkuseg segmenter process failed: {reason}"
E042 = "E042 cannot build into {out}: {reason}"
E043 = "E043 cannot build into {out}: its folder {parent} is not writable, and a build is made beside the output folder and swapped in (give a folder inside {out}, e.g. --out {out}/build)"
E044 = "E044 cannot build into {out}: it is a mount point, and a build is made beside the output folder and swapped in (give a folder inside it, e.g. --out {out}/build)"
E045 = "E045 cannot build into {out}: {free} MiB free on its file system, less than the {need} MiB a build needs to start"
E046 = "E046 {out} holds {what}, which kg build did not make: kg build replaces its output folder whole, so it writes only into a new or empty folder or one of its own builds (move them out, or give another --out)"
E047 = "E047 another build (process {pid}) is writing into {out}: wait for it to end, or give another --out"
E048 = "E048 {path} has {chars:,} characters, over the pipeline's limit of {limit:,} (spaCy's nlp.max_length): split it"
E049 = "E049 worker process died ({how}) while extracting {path}, and again when it was retried in a new worker"
E050 = "E050 --max-bytes {size:,} can never be used: a page of that size has over {limit:,} characters, the pipeline's limit (spaCy's nlp.max_length); give at most {most:,}"

# Extraction on a Dask cluster (kg build --engine dask; kg.pipeline.cluster)
E060 = "E060 cannot reach the Dask scheduler at {address}: {reason}: start one (`make dask-up` starts one on this machine) or check --scheduler (env DASK_SCHEDULER_ADDRESS); the output folder is left as it was"
E061 = "E061 Dask worker {worker} ({where}) does not run this client's pipeline: its {parts} differ; give every worker the same checkout, lexicons and model, and restart it; the output folder is left as it was"
E062 = "E062 lost the Dask scheduler at {address} during the build ({reason}); the output folder is left as it was"
E063 = "E063 no Dask worker joined the scheduler at {address} within {seconds:g} s: start workers with `dask worker {address} --nthreads 1`; the output folder is left as it was"
E064 = "E064 Dask workers died {times} times while extracting {path} (the last was {worker}; the scheduler's allowed-failures is {allowed})"
E065 = "E065 the Dask cluster failed while extracting {path}: {reason}; the output folder is left as it was"
E066 = "E066 cannot start a local Dask cluster: {reason}; the output folder is left as it was"
E067 = "E067 {option} {why}"
E070 = "E070 --scheduler {address} is not the address of a Dask scheduler ({reason}): give one as tcp://HOST:PORT (or tls://HOST:PORT)"
E068 = "E068 Dask worker {worker} ({where}) cannot load the pipeline: {reason}; the output folder is left as it was"
E069 = "E069 Dask worker {worker} ({where}) holds no pipeline of this client's version (a build of other files may have replaced it: run one version at a time on a cluster); the output folder is left as it was"

# Warnings: the build goes on (kg build prints them and lists them in report.json)
W001 = "W001 cache entry {path} cannot be used ({reason}): extracting {input} again"
W002 = "W002 skipped {path}: a symbolic link to {target}, outside {top} (give --follow-links to follow it)"

# Page metadata (kg.pipeline.metadata)
E051 = "E051 manifest {path}, {where}: {reason}"
E052 = "E052 --date-from-path {pattern!r} needs %Y, %m and %d once each (e.g. %Y-%m-%d for 2022-09-18/page01.txt)"

# Loading into Neo4j over Bolt (kg.export.bolt)
E101 = "E101 no password: set the environment variable NEO4J_PASSWORD"
E102 = "E102 no graph at {path}: run `kg build` first"
E103 = "E103 cannot reach a Neo4j server at {uri}: {reason}"
E104 = "E104 the server at {uri} refused the credentials of user {user!r}"
E105 = "E105 the server at {uri} has no database {database!r}"
E106 = "E106 the server at {uri} failed a statement: {reason}"
E107 = "E107 --uri holds a user name or password: give the user with --user (or NEO4J_USER) and the password in NEO4J_PASSWORD, never in the address"

# Reading a build (kg view, kg stats)
E120 = "E120 no build at {path} (no {missing}): run `kg build --out {path}` first, or give --build"
E121 = "E121 cannot read {path}: {reason}: run `kg build` again"
