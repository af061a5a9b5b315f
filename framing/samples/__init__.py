"""Built-in sample articles for demonstrations: written for this project, free to reuse (MIT)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True, slots=True)
class Sample:
    """One demo article: its button label, file and what it shows in class."""

    id: str
    label: str
    file: str
    shows: str

    def text(self) -> str:
        """Return the article text."""
        return (resources.files(__package__) / self.file).read_text(encoding="utf-8")


SAMPLES: tuple[Sample, ...] = (
    Sample(
        "state-media",
        "State-media style",
        "state_media.txt",
        "Wording typical of Russian state media throughout: Kiev, 'special military operation', 'liberated'.",
    ),
    Sample(
        "wire",
        "Wire-service style",
        "wire_report.txt",
        "International wire style: Kyiv, full-scale invasion; the Kremlin's term appears only in quotes.",
    ),
    Sample(
        "opinion",
        "Opinion column",
        "opinion_column.txt",
        "A one-sided opinion piece: loaded, subjective language; Kremlin phrases quoted to be criticised.",
    ),
    Sample(
        "neutral",
        "Neutral control",
        "neutral_control.txt",
        "Local news with no contested wording; chicken Kiev and Odessa, Texas must not be scored.",
    ),
)


def get(sample_id: str) -> Sample:
    """Return a sample by id; raise KeyError for an unknown id."""
    for sample in SAMPLES:
        if sample.id == sample_id:
            return sample
    raise KeyError(f"unknown sample {sample_id!r}; known: {', '.join(s.id for s in SAMPLES)}")
