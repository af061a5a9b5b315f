"""Streamlit page: paste, upload, fetch or pick an article; see its contested terms highlighted and scored.

The page only calls the library (`framing`): the analyzer is loaded once per process, results are cached per
text, and every piece of user text reaches the page through the library's escaped HTML (`st.html`),
`st.dataframe` or `st.text`, never through Markdown.
"""

from __future__ import annotations

import functools
import os

import altair as alt
import pandas as pd
import streamlit as st

import framing
from framing import export, render, rewrite, samples, uploads, views
from framing.inputs import DEFAULT_MAX_CHARS
from framing.packs import discover

INPUT_KEY = "framing_input"
SUBMITTED_KEY = "framing_submitted"
SOURCE_KEY = "framing_source"
SOURCE_NAME_KEY = "framing_source_name"
MESSAGE_KEY = "framing_message"
SWAP_KEY = "framing_swap"
COMPARE_KEY = "framing_compare"
SEVERITIES = ("info", "warning", "error")
QUOTE_MODES = {"Author's words only": "author", "Including quotes": "all"}
UPLOAD_TYPES = ["txt", "md", "html", "htm", "docx"]
MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # matches server.maxUploadSize in .streamlit/config.toml
THIS_ARTICLE = "The article above"
PASTE = "Paste a text"


def env_settings() -> tuple[tuple[str, ...] | None, tuple[str, ...], int]:
    """Read the default packs, extra pack folders and the size cap from the environment (tests set them)."""
    packs = tuple(p.strip() for p in os.environ.get("FRAMING_PACKS", "").split(",") if p.strip()) or None
    dirs = tuple(d for d in os.environ.get("FRAMING_PACKS_DIRS", "").split(os.pathsep) if d.strip())
    return packs, dirs, int(os.environ.get("FRAMING_MAX_CHARS", DEFAULT_MAX_CHARS))


@st.cache_resource(show_spinner="Loading the analyzer…", max_entries=4)
def get_analyzer(packs: tuple[str, ...] | None, dirs: tuple[str, ...], max_chars: int) -> framing.Analyzer:
    """Load the analyzer once per process and pack choice; it is stateless and shared by every session."""
    return framing.load_analyzer(packs, dirs, max_chars)


@st.cache_data(max_entries=256, show_spinner="Analysing…")
def analyze(config: tuple[tuple[str, ...] | None, tuple[str, ...], int], text: str) -> framing.ArticleReport:
    """Analyse one text (cached per text and settings; the report is a picklable frozen dataclass)."""
    return get_analyzer(*config).analyze(text)


@st.cache_data(max_entries=4)
def available_packs(dirs: tuple[str, ...]) -> list[str]:
    """Return the ids of the built-in packs and of the packs in extra folders."""
    return sorted(discover(dirs))


# ---- input callbacks: they run before the page, so they may set the text box ------------------------------


def use_text(text: str, source: str, notes: tuple[str, ...] = (), name: str = "") -> None:
    """Put a text in the paste box and analyse it; `source` says where it came from, `name` in short."""
    st.session_state[INPUT_KEY] = text
    st.session_state[SUBMITTED_KEY] = text
    st.session_state[SOURCE_KEY] = source
    st.session_state[SOURCE_NAME_KEY] = name or source
    st.session_state[MESSAGE_KEY] = ("info", " ".join(notes)) if notes else None


def fail(message: str) -> None:
    """Show an input problem without analysing anything."""
    st.session_state[MESSAGE_KEY] = ("error", message)


def load_sample(sample_id: str) -> None:
    """One click: load a sample article and analyse it."""
    sample = samples.get(sample_id)
    use_text(sample.text(), f"Sample: {sample.label}. {sample.shows}", name=sample.label)


def submit_paste() -> None:
    """Analyse what is in the paste box."""
    use_text(st.session_state.get(INPUT_KEY, ""), "Pasted text")


def load_upload() -> None:
    """Read the uploaded file with the library and analyse its text."""
    uploaded = st.session_state.get("framing_upload")
    if uploaded is None:
        return
    data = uploaded.getvalue()
    if len(data) > MAX_UPLOAD_BYTES:
        fail(f"{uploaded.name} is larger than {MAX_UPLOAD_BYTES // 2**20} MB; upload one article at a time.")
        return
    try:
        got = uploads.read_upload(uploaded.name, data, MAX_UPLOAD_BYTES)
    except uploads.InputError as exc:
        fail(str(exc))
        return
    use_text(got.text, f"Uploaded file: {got.source}", got.notes, got.source)


def load_url() -> None:
    """Fetch the page at the address, extract its article with the library and analyse it."""
    url = st.session_state.get("framing_url", "")
    try:
        got = uploads.fetch_url(url, timeout=float(os.environ.get("FRAMING_URL_TIMEOUT", "10")))
    except uploads.InputError as exc:
        fail(str(exc))
        return
    use_text(got.text, f"Web page: {got.source}", got.notes, got.source)


def swap(text: str, choices: dict[int, str]) -> None:
    """Remember which suggestions to apply to which text."""
    st.session_state[SWAP_KEY] = {"text": text, "choices": choices}


def start_compare() -> None:
    """Remember the two texts to compare."""
    sides = []
    for side in ("a", "b"):
        pick = st.session_state.get(f"framing_cmp_{side}", THIS_ARTICLE)
        if pick == THIS_ARTICLE:
            name = st.session_state.get(SOURCE_NAME_KEY) or "The article above"
            sides.append((name, st.session_state.get(SUBMITTED_KEY, "")))
        elif pick == PASTE:
            sides.append(
                (f"Pasted text {side.upper()}", st.session_state.get(f"framing_cmp_text_{side}", ""))
            )
        else:
            sample = next(s for s in samples.SAMPLES if s.label == pick)
            sides.append((sample.label, sample.text()))
    st.session_state[COMPARE_KEY] = sides


# ---- display helpers ---------------------------------------------------------------------------------------


def run_analysis(config, text: str) -> framing.ArticleReport | None:
    """Analyse a text or show why not (over the cap): a clear message, never a traceback."""
    if len(text) > config[2]:
        st.error(str(framing.TextTooLong(len(text), config[2])))
        return None
    try:
        return analyze(config, text)
    except framing.TextTooLong as exc:
        st.error(str(exc))
        return None


def axis_cards(report: framing.ArticleReport, quotes_counted: bool) -> None:
    """Show one card group per axis with findings (others collapsed), and the sentence-tone cards."""
    view = views.counting_quotes(report) if quotes_counted else report
    shown, hidden = views.split_axes(view)
    tone = list(render.model_cards(view, []))
    if not shown:
        st.info("No contested terms from the selected packs were found in this text.")
    for n, axis in enumerate(shown):
        cards = [*render.terminology_cards(axis, view, quotes_counted=quotes_counted)]
        cards += render.model_cards(view, [axis])[2:]
        if n == 0 and len(shown) == 1:
            cards += tone  # one topic: everything in one row
        st.html(render.cards_html(cards))
    if len(shown) != 1:
        st.html(render.cards_html(tone))
    if hidden:
        with st.expander(f"Topics with no findings ({len(hidden)})"):
            for axis in hidden:
                st.html(
                    render.cards_html(render.terminology_cards(axis, view, quotes_counted=quotes_counted))
                )
            topics = getattr(report, "topics", ())
            if topics:
                lines = "\n".join(f"{t.pack}: {t.reason}" for t in topics)
                st.html(render.notice_html(f"Which topics applied, and why:\n{lines}", "note"))


def colour_scale(report: framing.ArticleReport, present: set[str]) -> alt.Scale:
    """Map side labels to the same colour-blind-safe colours as the highlights (only sides present)."""
    domain, colours = [], []
    for axis in report.terminology:
        for (_, label), colour, light in zip(
            render.axis_poles(axis), render.POLE_COLOURS, ("#F3CF80", "#80B8D8"), strict=False
        ):
            domain += [label, f"{label} (in quotes)"]
            colours += [colour, light]
    domain.append("no side")
    colours.append(render.NO_POLE_COLOUR)
    kept = [(d, c) for d, c in zip(domain, colours, strict=True) if d in present]
    return alt.Scale(domain=[d for d, _ in kept], range=[c for _, c in kept])


def sentence_axis(n: int) -> alt.X:
    """Return the shared x axis of the per-sentence charts: sentence numbers 1..n."""
    return alt.X(
        "sentence:Q",
        title="sentence",
        scale=alt.Scale(domain=[0.5, max(n, 1) + 0.5]),
        axis=alt.Axis(tickMinStep=1, format="d"),
    )


def sentence_charts(report: framing.ArticleReport, show_quoted: bool, min_severity: str) -> None:
    """Per-sentence charts: contested terms by side, and the loaded score when the model gave one."""
    n = len(report.sentences)
    st.markdown("**Contested terms, sentence by sentence**")
    terms = render.term_rows(report, show_quoted=show_quoted, min_severity=min_severity)
    if terms:
        chart = (
            alt.Chart(pd.DataFrame(terms))
            .mark_bar()
            .encode(
                x=sentence_axis(n),
                y=alt.Y("count():Q", title="terms", axis=alt.Axis(tickMinStep=1)),
                color=alt.Color(
                    "side:N",
                    scale=colour_scale(report, {t["side"] for t in terms}),
                    legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400, title=None),
                ),
            )
            .properties(height=220)
        )
        st.altair_chart(chart, width="stretch")
    else:
        st.caption("No contested terms to chart.")
    st.markdown("**Loaded wording, sentence by sentence**")
    rows = [r for r in render.sentence_rows(report, show_quoted=show_quoted) if r.get("loaded") is not None]
    if rows:
        chart = (
            alt.Chart(pd.DataFrame(rows))
            .mark_bar(color=render.LOADED_COLOUR)
            .encode(
                x=sentence_axis(n),
                y=alt.Y("loaded:Q", title="loaded score", scale=alt.Scale(domain=[0, 1])),
                opacity=alt.Opacity("voice:N", scale=alt.Scale(domain=["author", "quoted"], range=[1, 0.45])),
            )
            .properties(height=180)
        )
        st.altair_chart(chart, width="stretch")
    else:
        st.caption("No model score: the sentence model has not scored this text, so no tone is shown.")


def findings_table(report: framing.ArticleReport, show_quoted: bool, min_severity: str) -> None:
    """A sortable table of findings (click a column header to sort)."""
    rows = render.findings_rows(report, min_severity=min_severity, show_quoted=show_quoted)
    st.subheader(f"Findings ({len(rows)})")
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="framing_table")
    else:
        st.caption("No findings at this severity.")


def article_view(report: framing.ArticleReport, quote_mode: str, min_severity: str) -> None:
    """The main view: warnings, score cards, colour key, highlighted article, charts and findings."""
    show_quoted = quote_mode == "all"
    if report.warnings:
        st.html(render.warnings_html(report.warnings))
    axis_cards(report, quotes_counted=show_quoted)
    text_col, chart_col = st.columns([3, 2], gap="large")
    with text_col:
        shown, _ = views.split_axes(report)
        st.html(render.legend_html(report, shown or report.terminology))
        st.caption("Click or hover over a highlight to see what it signals, who recommends what, and why.")
        st.html(render.to_html(report, min_severity=min_severity))
    with chart_col:
        sentence_charts(report, show_quoted, min_severity)
    findings_table(report, show_quoted, min_severity)


def swap_view(config, report: framing.ArticleReport, quote_mode: str) -> None:
    """Swap one term (or every single-option term) and show the scores and the text before and after."""
    candidates = [(i, f) for i, f in enumerate(report.findings) if f.usage == "author" and f.suggestions]
    if not candidates:
        st.info(
            "Nothing to swap: the author's own words have no contested term with a suggested alternative."
        )
        return
    st.write("Pick a term the author chose, pick an alternative, and see how the scores move.")
    rows = {i: render.finding_row(report, f) for i, f in candidates}
    labels = {i: f"line {r['line']}: “{r['term']}” → {r['suggestion']}" for i, r in rows.items()}
    pick_col, alt_col, btn_col = st.columns([3, 2, 2], vertical_alignment="bottom")
    index = pick_col.selectbox(
        "Term", [i for i, _ in candidates], format_func=labels.get, key="framing_swap_pick"
    )
    options = list(report.findings[index].suggestions) if index is not None else []
    choice = alt_col.selectbox("Replace with", options, key=f"framing_swap_choice_{index}")
    btn_col.button("Swap this term", on_click=swap, args=(report.text, {index: choice}), width="stretch")
    singles = rewrite.single_option_choices(report.findings)
    st.button(
        f"Swap every term that has a single suggestion ({len(singles)})",
        on_click=swap,
        args=(report.text, singles),
        disabled=not singles,
    )
    state = st.session_state.get(SWAP_KEY)
    if not state or state["text"] != report.text:
        return
    new_text, edits = rewrite.apply_suggestions(report.text, report.findings, state["choices"])
    after = run_analysis(config, new_text)
    if after is None:
        return
    st.subheader(f"Before and after ({len(edits)} change{'s' if len(edits) != 1 else ''})")
    quotes = quote_mode == "all"
    before_view = views.counting_quotes(report) if quotes else report
    after_view = views.counting_quotes(after) if quotes else after
    shown, _ = views.split_axes(report)
    axes_ids = [a.axis for a in (shown or report.terminology)]
    for axis_id in axes_ids:
        rows = [
            ("before", "before the swap", before_view.axis(axis_id)),
            ("after", "after the swap", after_view.axis(axis_id)),
        ]
        st.html(render.versus_html([r for r in rows if r[2] is not None]))
    old_html, new_html = render.diff_html(report.text, new_text, edits)
    left, right = st.columns(2, gap="large")
    for col, title, body in ((left, "Before", old_html), (right, "After", new_html)):
        with col:
            st.markdown(f"**{title}**")
            st.html(body)
    st.button(
        "Analyse the new text in full", on_click=use_text, args=(new_text, "Rewritten text (after swaps)")
    )


def compare_view(config) -> None:
    """Two articles side by side on the same scales."""
    options = [THIS_ARTICLE, *(s.label for s in samples.SAMPLES), PASTE]
    a_col, b_col = st.columns(2, gap="large")
    for col, side, default in ((a_col, "a", 0), (b_col, "b", 2)):
        with col:
            pick = st.selectbox(f"Article {side.upper()}", options, index=default, key=f"framing_cmp_{side}")
            if pick == PASTE:
                st.text_area(f"Text {side.upper()}", key=f"framing_cmp_text_{side}", height=200)
    st.button("Compare", type="primary", on_click=start_compare)
    sides = st.session_state.get(COMPARE_KEY)
    if not sides:
        st.caption("Pick two articles and press Compare.")
        return
    reports = []
    for name, text in sides:
        if not text.strip():
            st.html(render.notice_html(f"{name}: there is no text to analyse.", "error"))
            return
        report = run_analysis(config, text)
        if report is None:
            return
        reports.append((name, report))
    axes_ids = []
    for _, r in reports:
        shown, _ = views.split_axes(r)
        axes_ids += [a.axis for a in shown if a.axis not in axes_ids]
    for axis_id in axes_ids:
        scored = [(tag, name, r.axis(axis_id)) for tag, (name, r) in zip("AB", reports, strict=False)]
        st.html(render.versus_html([row for row in scored if row[2] is not None]))
    cols = st.columns(2, gap="large")
    for col, (name, r) in zip(cols, reports, strict=True):
        with col:
            st.html(render.notice_html(name, "heading"))
            cards = [render.terminology_cards(a, r)[0] for a in r.terminology if a.axis in axes_ids]
            cards += render.model_cards(r, [])
            st.html(render.cards_html(cards))
            st.html(render.to_html(r))


def export_view(report: framing.ArticleReport, quote_mode: str) -> None:
    """Downloads: wire-schema JSON, a self-contained HTML report, Markdown, and the findings as CSV."""
    st.write("Everything is built on this computer; the HTML report opens offline in any browser.")
    c1, c2, c3, c4 = st.columns(4)
    # Callables: each file is built only when its button is clicked, not on every rerun of the page.
    html_report = functools.partial(export.to_html_report, report, quotes_counted=quote_mode == "all")
    files = (
        (c1, "JSON (wire schema)", export.to_json, "framing-report.json", "application/json"),
        (c2, "HTML report", html_report, "framing-report.html", "text/html"),
        (c3, "Markdown", export.to_markdown_report, "framing-report.md", "text/markdown"),
        (c4, "Findings (CSV)", export.findings_csv, "framing-findings.csv", "text/csv"),
    )
    for col, label, build, name, mime in files:
        data = build if isinstance(build, functools.partial) else functools.partial(build, report)
        # "ignore": downloading a file does not rerun the page.
        col.download_button(label, data, name, mime, on_click="ignore", width="stretch")


# ---- the page ----------------------------------------------------------------------------------------------

st.set_page_config(page_title="framing", layout="wide")
default_packs, pack_dirs, max_chars = env_settings()

with st.sidebar:
    st.header("Settings")
    own_folder = st.text_input(
        "Folder of your own packs", key="framing_packs_dir", placeholder="e.g. /home/me/newsroom-packs",
        help="A folder of YAML term packs (see docs/packs.md). They are checked when loaded; problems are "
        "listed here instead of stopping the app.",
    ).strip()  # fmt: skip
    if own_folder:
        pack_dirs = (*pack_dirs, own_folder)
    try:
        all_packs = available_packs(pack_dirs)
    except FileNotFoundError as exc:
        st.html(render.notice_html(f"{exc}. Showing the built-in packs only.", "error"))
        pack_dirs = pack_dirs[:-1] if own_folder else pack_dirs
        all_packs = available_packs(pack_dirs)
    chosen = st.multiselect(
        "Term packs", all_packs, default=list(default_packs or all_packs), key="framing_packs",
        help="Each pack covers one topic: its contested terms, who uses which, and who recommends what.",
    )  # fmt: skip
    min_severity = st.select_slider(
        "Show findings from", SEVERITIES, value="info", key="framing_min_severity",
        help="info: everything, including quotes and other senses; "
        "error: only strong signals in the author's own words.",
    )  # fmt: skip
    quote_label = st.radio(
        "How quotes count", list(QUOTE_MODES), key="framing_quotes",
        help="Quoted words are someone else's. 'Author's words only' is the fair reading of the writer's "
        "choices; 'Including quotes' shows how much of the vocabulary comes from the people quoted.",
    )  # fmt: skip
    quote_mode = QUOTE_MODES[quote_label]
    st.caption("Everything runs on this computer. Only the web-address box goes online, and only when used.")

st.title("framing")
st.write(
    "See the words a news article chooses, and which side of a conflict usually chooses them. "
    "Pick a sample, paste a text, upload a file or give a web address."
)

if not chosen:
    st.warning("Pick at least one term pack in the sidebar.")
    st.stop()
config = (tuple(sorted(chosen)), pack_dirs, max_chars)  # one cache key per set of packs
try:
    get_analyzer(*config)  # load once at start-up, so the first Analyze click does not pay for it
except (framing.PackValidationError, ValueError, FileNotFoundError) as exc:
    st.html(render.notice_html(f"The term packs could not be loaded: {exc}", "error"))
    st.stop()

sample_cols = st.columns(len(samples.SAMPLES))
for col, sample in zip(sample_cols, samples.SAMPLES, strict=True):
    col.button(sample.label, key=f"framing_sample_{sample.id}", on_click=load_sample, args=(sample.id,),
               help=sample.shows, width="stretch")  # fmt: skip

paste_tab, upload_tab, url_tab = st.tabs(["Paste", "Upload a file", "Web address"])
with paste_tab, st.form("framing_form", border=False):
    st.text_area("Article text", key=INPUT_KEY, height=220, placeholder="Paste an article here…")
    st.form_submit_button("Analyze", type="primary", on_click=submit_paste)
with upload_tab:
    st.file_uploader(
        f"A .txt, .md, .html or .docx file (up to {MAX_UPLOAD_BYTES // 2**20} MB)", type=UPLOAD_TYPES,
        key="framing_upload", on_change=load_upload,
    )  # fmt: skip
with url_tab:
    url_col, go_col = st.columns([4, 1], vertical_alignment="bottom")
    url_col.text_input("Web address of an article", key="framing_url", placeholder="https://…")
    go_col.button("Fetch and analyze", on_click=load_url, width="stretch")

message = st.session_state.get(MESSAGE_KEY)
if message:
    st.html(render.notice_html(message[1], message[0]))

text = st.session_state.get(SUBMITTED_KEY, "")
report = None
if text.strip():
    st.html(render.notice_html(st.session_state.get(SOURCE_KEY) or "Pasted text", "note"))
    report = run_analysis(config, text)

article_tab, swap_tab, compare_tab, export_tab = st.tabs(["Article", "Swap and rescore", "Compare", "Export"])
with article_tab:
    if report is None:
        if not text.strip():
            st.info("Paste an article and press Analyze, or pick a sample.")
    else:
        article_view(report, quote_mode, min_severity)
with swap_tab:
    if report is None:
        st.info("Analyse an article first; then swap its terms here.")
    else:
        swap_view(config, report, quote_mode)
with compare_tab:
    compare_view(config)
with export_tab:
    if report is None:
        st.info("Analyse an article first; then download the report here.")
    else:
        export_view(report, quote_mode)
