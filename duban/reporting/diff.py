"""A readable diff of two report texts, by phrase and then by word, numbers whole. Pure.

Chinese has no spaces, and a character diff of two versions is both slow (difflib is quadratic
in the characters: 12 s for two 12,000-character texts) and hard to read ("1-69月…增长9.12.7%").
So the texts are cut into phrases first (after 。;,\\n and their full-width forms; a comma
between digits belongs to the number) and difflib aligns the phrase lists, which are short and
mostly distinct. Only the phrases that changed are compared again, by word: a number with its
range, decimals and %/‰/月 is one word (1-6月, 9.1%, 1,234), any other character is its own.
That second pass has a fixed budget; past it a changed phrase keeps only its common first and
last words, so any pair of texts is compared in near-linear time.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

# A phrase ends after one of these (a comma between two digits is a thousands separator).
_PHRASE_RE = re.compile(r"(?:[^。;;,,!?!?\n]|(?<=\d),(?=\d))*(?:[。;;,,!?!?\n]|\Z)")
_NUMBER = r"\d+(?:[.,]\d+)*"
_WORD_RE = re.compile(rf"{_NUMBER}(?:[-~—至]{_NUMBER})?(?:%|‰|月)?|[A-Za-z]+|.", re.S)
# A list number at the start of a line ("1.1-6月…" is item 1 about January to June).
_LIST_MARKER_RE = re.compile(r"\d{1,2}[.、](?=\D|\d{1,2}[-~—至]\d{1,2}月|\d{1,2}月|\Z)")
# Aligning phrases costs up to the square of their number when many match equally well; a
# 20,000-character report has about a thousand.
MAX_TOKENS = 2000
# Each word-by-word comparison counts at least this much against the budget (its fixed cost).
WORD_DIFF_CALL_COST = 2000
# Word-by-word comparison of changed phrases may cost this much in all (see `_WordDiff`): a
# fraction of a second in the worst case; real edits spend a small part of it.
WORD_DIFF_BUDGET = 20_000_000


@dataclass(frozen=True)
class Segment:
    op: str  # "same", "added", "removed"
    text: str


def _phrases(text: str) -> list[str]:
    return [phrase for phrase in _PHRASE_RE.findall(text) if phrase]


def _tokens(old: str, new: str) -> tuple[list[str], list[str]]:
    """Both texts cut into phrases; past MAX_TOKENS phrases into lines, and past that many
    lines into runs of phrases, so that aligning them stays cheap."""
    old_tokens, new_tokens = _phrases(old), _phrases(new)
    if max(len(old_tokens), len(new_tokens)) <= MAX_TOKENS:
        return old_tokens, new_tokens
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    if max(len(old_lines), len(new_lines)) <= MAX_TOKENS:
        return old_lines, new_lines
    size = -(-max(len(old_tokens), len(new_tokens)) // MAX_TOKENS)
    return (
        ["".join(old_tokens[i : i + size]) for i in range(0, len(old_tokens), size)],
        ["".join(new_tokens[i : i + size]) for i in range(0, len(new_tokens), size)],
    )


def _words(phrase: str, starts_line: bool) -> list[str]:
    """The words of a phrase; one that starts a line may start with a list number."""
    words: list[str] = []
    if starts_line:
        marker = _LIST_MARKER_RE.match(phrase)
        if marker:
            words.append(marker.group())
            phrase = phrase[marker.end() :]
    words.extend(_WORD_RE.findall(phrase))
    return words


def _run_words(phrases: list[str], first: int, last: int) -> list[str]:
    return [
        word
        for index in range(first, last)
        for word in _words(phrases[index], index == 0 or phrases[index - 1].endswith("\n"))
    ]


class _Builder:
    """Segments with neighbours of the same kind merged."""

    def __init__(self) -> None:
        self.segments: list[Segment] = []

    def add(self, op: str, text: str) -> None:
        if not text:
            return
        if self.segments and self.segments[-1].op == op:
            self.segments[-1] = Segment(op, self.segments[-1].text + text)
        else:
            self.segments.append(Segment(op, text))


class _WordDiff:
    """Changed phrases compared word by word within a budget, then by common ends only."""

    def __init__(self, builder: _Builder) -> None:
        self.builder = builder
        self.budget = WORD_DIFF_BUDGET

    def compare(self, old: list[str], new: list[str]) -> None:
        # difflib's worst case on a pair of word lists grows like the product of their
        # lengths times the shorter one.
        cost = max(len(old) * len(new) * min(len(old), len(new)), WORD_DIFF_CALL_COST)
        if cost > self.budget:
            self._ends(old, new)
            return
        self.budget -= cost
        matcher = SequenceMatcher(a=old, b=new, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                self.builder.add("same", "".join(old[i1:i2]))
            else:
                self.builder.add("removed", "".join(old[i1:i2]))
                self.builder.add("added", "".join(new[j1:j2]))

    def _ends(self, old: list[str], new: list[str]) -> None:
        """The common first and last words unchanged, the middle removed and added (linear)."""
        prefix = 0
        limit = min(len(old), len(new))
        while prefix < limit and old[prefix] == new[prefix]:
            prefix += 1
        suffix = 0
        while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
            suffix += 1
        self.builder.add("same", "".join(old[:prefix]))
        self.builder.add("removed", "".join(old[prefix : len(old) - suffix]))
        self.builder.add("added", "".join(new[prefix : len(new) - suffix]))
        self.builder.add("same", "".join(old[len(old) - suffix :]))


def text_diff(old: str, new: str) -> list[Segment]:
    """Segments that turn `old` into `new`: unchanged runs, removals and additions."""
    old_phrases, new_phrases = _tokens(old, new)
    builder = _Builder()
    words = _WordDiff(builder)
    # autojunk (on from 200 phrases) ignores phrases that make up over 1% of the new text as
    # anchors: bare separators, mostly; skipping them keeps long texts linear.
    matcher = SequenceMatcher(a=old_phrases, b=new_phrases, autojunk=True)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            builder.add("same", "".join(old_phrases[i1:i2]))
        elif tag == "replace" and i2 - i1 == j2 - j1:
            # As many phrases changed as replace them: each against its counterpart.
            for offset in range(i2 - i1):
                words.compare(
                    _run_words(old_phrases, i1 + offset, i1 + offset + 1),
                    _run_words(new_phrases, j1 + offset, j1 + offset + 1),
                )
        elif tag == "replace":
            words.compare(_run_words(old_phrases, i1, i2), _run_words(new_phrases, j1, j2))
        else:
            builder.add("removed", "".join(old_phrases[i1:i2]))
            builder.add("added", "".join(new_phrases[j1:j2]))
    return builder.segments


def segments_similarity(segments: list[Segment]) -> float:
    """How alike the two texts behind `segments` are, 0.0 to 1.0: twice the unchanged
    characters over both texts' length (difflib's ratio, on this diff)."""
    same = sum(len(s.text) for s in segments if s.op == "same")
    total = sum(len(s.text) * (2 if s.op == "same" else 1) for s in segments)
    return 1.0 if total == 0 else 2 * same / total


def similarity(old: str, new: str) -> float:
    """How alike two texts are, 0.0 to 1.0."""
    if old == new:
        return 1.0
    return segments_similarity(text_diff(old, new))
