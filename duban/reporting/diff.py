"""A readable diff of two report texts, character by character (Chinese has no spaces). Pure."""

from dataclasses import dataclass
from difflib import SequenceMatcher


@dataclass(frozen=True)
class Segment:
    op: str  # "same", "added", "removed"
    text: str


def text_diff(old: str, new: str) -> list[Segment]:
    """Segments that turn `old` into `new`: unchanged runs, removals and additions."""
    matcher = SequenceMatcher(a=old, b=new, autojunk=False)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("same", old[i1:i2]))
            continue
        if tag in {"delete", "replace"}:
            segments.append(Segment("removed", old[i1:i2]))
        if tag in {"insert", "replace"}:
            segments.append(Segment("added", new[j1:j2]))
    return segments


def similarity(old: str, new: str) -> float:
    """How alike two texts are, 0.0 to 1.0."""
    if not old and not new:
        return 1.0
    return SequenceMatcher(a=old, b=new, autojunk=False).ratio()
