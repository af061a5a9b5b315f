"""Streamlit page: paste an article and see its contested terms highlighted, explained and scored."""

from __future__ import annotations

import os
from importlib import resources

import streamlit as st

import framing
from framing import render
from framing.inputs import DEFAULT_MAX_CHARS

INPUT_KEY = "framing_input"
SUBMITTED_KEY = "framing_submitted"
SAMPLES = {
    "Russian state media style": "state_media.txt",
    "Wire service style": "wire_report.txt",
}


def settings() -> tuple[tuple[str, ...] | None, tuple[str, ...], int]:
    """Read packs, extra pack folders and the size cap from the environment (tests set them)."""
    packs = tuple(p for p in os.environ.get("FRAMING_PACKS", "").split(",") if p.strip()) or None
    dirs = tuple(d for d in os.environ.get("FRAMING_PACKS_DIRS", "").split(os.pathsep) if d.strip())
    return packs, dirs, int(os.environ.get("FRAMING_MAX_CHARS", DEFAULT_MAX_CHARS))


@st.cache_resource(show_spinner="Loading the analyzer…")
def get_analyzer(packs: tuple[str, ...] | None, dirs: tuple[str, ...], max_chars: int) -> framing.Analyzer:
    """Load the analyzer once per process; it is shared by every session."""
    return framing.load_analyzer(packs, dirs, max_chars)


@st.cache_resource
def get_labels(packs: tuple[str, ...] | None, dirs: tuple[str, ...], max_chars: int) -> render.Labels:
    """Collect display names of poles and concepts from the loaded packs."""
    return render.Labels.from_packs(get_analyzer(packs, dirs, max_chars).packs)


@st.cache_data(max_entries=64, show_spinner="Analysing…")
def analyze(config: tuple[tuple[str, ...] | None, tuple[str, ...], int], text: str) -> framing.ArticleReport:
    """Analyse one text (cached per text; the report is a picklable frozen dataclass)."""
    return get_analyzer(*config).analyze(text)


def load_example() -> None:
    """Put the chosen sample article in the paste box and analyse it."""
    name = SAMPLES[st.session_state["framing_sample"]]
    text = (resources.files("framing") / "samples" / name).read_text(encoding="utf-8")
    st.session_state[INPUT_KEY] = text
    st.session_state[SUBMITTED_KEY] = text


def show_report(report: framing.ArticleReport, labels: render.Labels) -> None:
    """Show warnings, scores, the colour key and the highlighted article."""
    if report.warnings:
        st.html(render.warnings_html(report.warnings))
    for axis in report.terminology:
        st.subheader(f"Terminology: {labels.axis(axis.axis)}")
        for column, metric in zip(st.columns(4), render.axis_metrics(axis, labels=labels), strict=True):
            column.metric(metric.label, metric.value, help=metric.help)
    show_quoted = st.toggle("Highlight terms inside quotes", value=True, key="framing_show_quoted")
    st.html(render.legend_html(report, labels=labels))
    st.html(render.to_html(report, show_quoted=show_quoted, labels=labels))


def show_findings(report: framing.ArticleReport, labels: render.Labels) -> None:
    """Show one table row per finding, with who recommends what."""
    st.subheader(f"Findings ({len(report.findings)})")
    if report.findings:
        st.dataframe(render.findings_rows(report, labels=labels), hide_index=True, width="stretch")
    else:
        st.caption("No contested terms from the loaded packs were found.")


st.set_page_config(page_title="framing", layout="wide")
st.title("framing")
st.write(
    "Paste a news article to see which contested terms it uses, whose vocabulary each one belongs to, "
    "and who recommends what. Everything runs on this computer."
)

config = settings()
labels = get_labels(*config)
inputs, results = st.columns([2, 3], gap="large")

with inputs:
    pick, load = st.columns([3, 2], vertical_alignment="bottom")
    pick.selectbox("Sample article", list(SAMPLES), key="framing_sample")
    load.button("Load example", on_click=load_example, width="stretch")
    with st.form("framing_form"):
        st.text_area("Article text", key=INPUT_KEY, height=420, placeholder="Paste an article here…")
        if st.form_submit_button("Analyze", type="primary"):
            st.session_state[SUBMITTED_KEY] = st.session_state[INPUT_KEY]

text = st.session_state.get(SUBMITTED_KEY, "")
report = None
with results:
    if not text.strip():
        st.info("Paste an article and press Analyze, or load an example.")
    else:
        try:
            report = analyze(config, text)
        except framing.TextTooLong as exc:
            st.error(str(exc))
        else:
            show_report(report, labels)
if report is not None:
    show_findings(report, labels)
