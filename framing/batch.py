"""`framing batch`: analyse many articles into a JSONL file, on up to two worker processes, resumably.

Input is a folder (walked recursively for .txt, .md, .html and .docx; the id of an article is its path
relative to the folder) or a JSONL file with one `{"id": …, "text": …, "published"?: …}` per line. Output
gets one line per article, `{"id": …, **report.to_dict()}` (wire schema v1), or `{"id": …, "error": …}`
when that article could not be analysed; a bad article never stops the batch. Ids already in the output
file are skipped and new lines are appended, so an interrupted run continues where it stopped.

Each worker loads its own analyzer once (in the pool initializer). Work is sent in chunks to keep the
per-task overhead low; at most two workers, because the analyzer may hold a model of its own.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from .analyzer import Analyzer, load_analyzer
from .inputs import DEFAULT_MAX_CHARS
from .sources import InputError, read_source, walk

MAX_WORKERS = 2
DEFAULT_CHUNK = 16


@dataclass(frozen=True)
class Article:
    """One input article, or the reason it could not be read."""

    id: object
    text: str | None = None
    published: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class BatchSummary:
    """What one batch run did."""

    total: int
    skipped: int
    analysed: int
    errors: int
    words: int
    seconds: float


def count_articles(path: Path) -> int:
    """Return how many articles `path` holds (files of a folder, non-blank lines of a JSONL file)."""
    if path.is_dir():
        return len(walk(path))
    with path.open(encoding="utf-8", errors="replace") as fh:
        return sum(1 for line in fh if line.strip())


def iter_articles(path: Path) -> Iterator[Article]:
    """Yield the articles of a folder or a JSONL file, with an error instead of text when unreadable."""
    if path.is_dir():
        for file in walk(path):
            key = file.relative_to(path).as_posix()
            try:
                yield Article(key, read_source(file).text)
            except InputError as exc:
                yield Article(key, error=str(exc))
        return
    with path.open(encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, start=1):
            if line.strip():
                yield _jsonl_article(line, n)


def _jsonl_article(line: str, n: int) -> Article:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return Article(f"line:{n}", error=f"line {n} is not valid JSON: {exc}")
    if not isinstance(row, dict):
        return Article(f"line:{n}", error=f"line {n} is not a JSON object")
    key = row.get("id")
    if key is None or isinstance(key, (dict, list)):
        return Article(f"line:{n}", error=f"line {n} has no usable 'id'")
    text, published = row.get("text"), row.get("published")
    if not isinstance(text, str):
        return Article(key, error="'text' is missing or not a string")
    if published is not None and not isinstance(published, str):
        return Article(key, error="'published' must be a date string like 2022-03-01")
    return Article(key, text, published)


def done_ids(out: Path) -> set[str]:
    """Return the ids already in an output file, first cutting off a half-written last line."""
    if not out.exists():
        return set()
    data = out.read_bytes()
    if data and not data.endswith(b"\n"):
        # An interrupted run can leave a partial record; drop it so the article is analysed again.
        cut = data.rfind(b"\n") + 1
        with out.open("r+b") as fh:
            fh.truncate(cut)
        data = data[:cut]
    ids = set()
    for line in data.decode("utf-8", errors="replace").splitlines():
        try:
            ids.add(_key(json.loads(line)["id"]))
        except (json.JSONDecodeError, KeyError, TypeError):
            continue
    return ids


def _key(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value)


# ---------------------------------------------------------------------------------------------------------
# Workers
# ---------------------------------------------------------------------------------------------------------

_worker_analyzer: Analyzer | None = None


def _init_worker(packs: tuple[str, ...] | None, packs_dirs: tuple[str, ...], max_chars: int) -> None:
    global _worker_analyzer
    _worker_analyzer = load_analyzer(packs, packs_dirs, max_chars)


def _analyse_chunk(chunk: list[Article]) -> list[tuple[str, int, bool]]:
    """Analyse a chunk in a worker; return (JSON line, words, is_error) per article."""
    assert _worker_analyzer is not None, "worker used before its initializer ran"
    return [analyse_one(_worker_analyzer, a) for a in chunk]


def analyse_one(analyzer: Analyzer, article: Article) -> tuple[str, int, bool]:
    """Return the output line for one article, its word count and whether it is an error record."""
    if article.error is not None:
        return _line({"id": article.id, "error": article.error}), 0, True
    try:
        report = analyzer.analyze(article.text or "", published=article.published)
    except Exception as exc:  # noqa: BLE001 - one bad article is recorded, never fatal to the batch
        return _line({"id": article.id, "error": f"{type(exc).__name__}: {exc}"}), 0, True
    return _line({"id": article.id, **report.to_dict()}), len((article.text or "").split()), False


def _line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for a in articles:
        chunk.append(a)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_batch(
    source: str | Path,
    out: str | Path,
    workers: int = MAX_WORKERS,
    chunk_size: int = DEFAULT_CHUNK,
    packs: Iterable[str] | None = None,
    packs_dirs: Iterable[str | Path] = (),
    max_chars: int = DEFAULT_MAX_CHARS,
    progress: bool = True,
) -> BatchSummary:
    """Analyse every article of `source` not yet in `out` and append one JSON line per article.

    Args:
        source: a folder of .txt/.md/.html/.docx files, or a JSONL file of {"id", "text", "published"?}.
        out: the JSONL output file; ids already in it are skipped.
        workers: 1 runs in this process; 2 (the maximum) uses a process pool.
        chunk_size: articles sent to a worker at a time.
        packs: pack ids (default: all installed packs).
        packs_dirs: extra pack folders.
        max_chars: longest article accepted; longer ones become error records.
        progress: show a progress bar on standard error.

    Returns:
        A BatchSummary with counts and the wall time.

    """
    from tqdm import tqdm

    source, out = Path(source), Path(out)
    if not source.exists():
        raise FileNotFoundError(f"{source}: no such file or folder")
    if not 1 <= workers <= MAX_WORKERS:
        raise ValueError(f"workers must be 1 or {MAX_WORKERS}, got {workers}")
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
    packs_t = tuple(packs) if packs is not None else None
    dirs_t = tuple(str(d) for d in packs_dirs)
    # Loading once here checks the packs before any worker starts, so a bad pack is one clear error.
    local = load_analyzer(packs_t, dirs_t, max_chars)
    started = time.perf_counter()
    done = done_ids(out)
    total = count_articles(source)
    seen: set[str] = set()
    skipped = analysed = errors = words = 0

    def todo() -> Iterator[Article]:
        nonlocal skipped
        for a in iter_articles(source):
            key = _key(a.id)
            if key in done or key in seen:
                skipped += 1
                bar.update(1)
                continue
            seen.add(key)
            yield a

    out.parent.mkdir(parents=True, exist_ok=True)
    with (
        tqdm(total=total, unit="article", disable=not progress, dynamic_ncols=True) as bar,
        out.open("a", encoding="utf-8") as fh,
    ):

        def write(results: list[tuple[str, int, bool]]) -> None:
            nonlocal analysed, errors, words
            for line, n, failed in results:
                fh.write(line)
                analysed += 1
                errors += failed
                words += n
            fh.flush()
            bar.update(len(results))

        if workers == 1:
            for chunk in _chunks(todo(), chunk_size):
                write([analyse_one(local, a) for a in chunk])
        else:
            _run_pool(todo(), chunk_size, workers, (packs_t, dirs_t, max_chars), write)
    return BatchSummary(total, skipped, analysed, errors, words, time.perf_counter() - started)


def _run_pool(articles: Iterator[Article], chunk_size: int, workers: int, init_args: tuple, write) -> None:
    # spawn, not fork: a forked copy of a process that already holds torch threads can deadlock.
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=init_args)
    with pool:
        pending: set[Future] = set()
        for chunk in _chunks(articles, chunk_size):
            pending.add(pool.submit(_analyse_chunk, chunk))
            if len(pending) >= workers * 2:  # bounded: never read the whole input into memory
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in finished:
                    write(fut.result())
        for fut in pending:
            write(fut.result())
