"""What a claim says, as terms to match on: content words, numbers, names, negation.

Earlier checks are worded differently from today's claim, so both sides are reduced to
the same terms: words lowercased and lightly stemmed, reporting verbs and function words
dropped ("Biden said that…" matches "…"), numbers normalised ("2,000", "2000" and "two
thousand" are ``2000``; "5%", "5 percent" and "five per cent" are ``5%``; "1.5 million"
is ``1500000``), common verbs of rising and falling folded together.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import NamedTuple

_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?%?|[^\W\d_]+(?:['’][^\W\d_]+)*")
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate(
    "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000, "bn": 1_000_000_000, "m": 1_000_000}
_NUMBER_WORDS = _UNITS.keys() | _TENS.keys() | {"hundred", "thousand", "million", "billion",
                                                "trillion"}
_PERCENT = {"percent", "pc", "percentage"}

#: Words that say nothing about which claim this is: function words, reporting verbs.
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it
its itself just me more most my myself of off on once only or other our ours ourselves out
over own same she should so some such than that the their theirs them themselves then there
these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself yourselves
said say says saying claim claimed claims claiming state stated states stating told tell tells
according insisted insist argued argue suggested suggest wrote write writes posted post
shared alleged alleges allegedly reportedly reported report reports asserted assert
since per cent percent one's it’s
""".split())

#: Words that turn a claim into its opposite.
NEGATIONS = frozenset("""
not no never none nobody nothing neither nor cannot
don't doesn't didn't isn't aren't wasn't weren't won't wouldn't can't couldn't hasn't
haven't hadn't shouldn't
don’t doesn’t didn’t isn’t aren’t wasn’t weren’t won’t wouldn’t can’t couldn’t hasn’t
haven’t hadn’t shouldn’t
""".split())

# Fact-checked claims are so often about something going up or down that the common
# verbs for each are one term: "fell" and "dropped" say the same.
_CANONICAL = {w: "rise" for w in
              "rose rise rises risen rising increased increase increases increasing grew grow "
              "grows growing climbed climb climbs soared soar jumped jump surged surge "
              "doubled tripled".split()}
_CANONICAL.update({w: "fall" for w in
                   "fell fall falls fallen falling dropped drop drops dropping declined decline "
                   "declines declining decreased decrease decreases decreasing shrank shrink "
                   "plunged plunge slumped slump halved cut cuts".split()})

_STEMS: dict[str, str] = {}


def stem(word: str) -> str:
    """A light stem of a lowercase word, so "taxes", "taxed" and "tax" meet."""
    found = _STEMS.get(word)
    if found is not None:
        return found
    out = _CANONICAL.get(word)
    if out is None:
        out = word.replace("’", "'")
        if out.endswith("'s"):
            out = out[:-2]
        if len(out) > 4 and out.endswith("ies"):
            out = out[:-3] + "y"
        elif len(out) > 5 and out.endswith("ing"):
            out = out[:-3]
        elif len(out) > 4 and out.endswith("ed"):
            out = out[:-2]
        elif len(out) > 3 and out.endswith("s") and not out.endswith(("ss", "us", "is")):
            out = out[:-1]
        if len(out) > 4 and out.endswith("e"):
            out = out[:-1]  # "create" meets "created" ("creat")
    if len(_STEMS) < 500_000:  # bounded: a hostile collection cannot grow it for ever
        _STEMS[word] = out
    return out


def _number_text(value: float) -> str:
    if value == int(value):
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _words_number(words: list[str]) -> float:
    """The value of number words: "two thousand three hundred" is 2300."""
    total, current = 0.0, 0.0
    for word in words:
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        else:
            total += (current or 1) * _SCALES[word]
            current = 0.0
    return total + current


class Analysed(NamedTuple):
    """A claim reduced to what matching compares.

    A named tuple, not a frozen dataclass: a big collection makes 100,000 of them, and
    a tuple is built several times faster.
    """

    terms: tuple[str, ...]
    numbers: frozenset[str]
    names: frozenset[str]
    negated: bool
    first: str | None = None
    """The capitalised first word, which is a name only if it is one elsewhere."""

    def with_names(self, known: frozenset[str] | set[str]) -> Analysed:
        """This claim with its first word among the names when ``known`` has it."""
        if self.first is None or self.first not in known:
            return self
        return Analysed(self.terms, self.numbers, self.names | {self.first}, self.negated)


def tokens(text: str) -> list[str]:
    """The raw tokens of ``text``: words (case kept) and numbers as written."""
    return _TOKEN.findall(text)


_SKIP, _NUMBER, _NEGATION = "", "#", "!"
# What each lowercase word is, worked out once: a term, or skipped, a number word, a negation.
_KINDS: dict[str, str] = {}


def _kind(word: str) -> str:
    if word in NEGATIONS:
        kind = _NEGATION
    elif word in _NUMBER_WORDS:
        kind = _NUMBER
    elif word in STOPWORDS or len(word) < 2:
        kind = _SKIP
    else:
        kind = stem(word)
    if len(_KINDS) < 500_000:  # bounded, like the stems
        _KINDS[word] = kind
    return kind


# What each token as written is, worked out once per distinct token (a collection of
# 100,000 claims has a few thousand): its kind as above, or a lone number's key, and
# flags for its capitals and for whether its meaning depends on its neighbours.
_CAPITAL, _UPPER, _LONE_NUMBER, _FOLLOWS, _CONTEXT = 1, 2, 4, 8, 16
_TOKEN_INFO: dict[str, tuple[str, int]] = {}
# Words that join a number before them ("5 million", "5 per cent", "5 pc").
_AFTER_NUMBER = _SCALES.keys() | _PERCENT | {"per"}


def _token_info(token: str) -> tuple[str, int]:
    if token[0].isdigit():
        value, percent, _ = _read_number([token], [token], 0)
        info = ((_number_text(value) + ("%" if percent else ""), _LONE_NUMBER)
                if value is not None else ("", _CONTEXT))
    else:
        word = token.lower()
        kind = _KINDS.get(word)
        if kind is None:
            kind = _kind(word)
        flags = (_CAPITAL if token[0].isupper() else 0) | (_UPPER if token.isupper() else 0)
        if kind == _NUMBER:  # number words: "one" is a pronoun or a number by context
            flags |= _CONTEXT
        if word in _AFTER_NUMBER:
            flags |= _FOLLOWS
        info = (kind, flags)
    if len(_TOKEN_INFO) < 500_000:  # bounded, like the stems
        _TOKEN_INFO[token] = info
    return info


def analyse(text: str) -> Analysed:
    """Terms, numbers, names and negation of one claim."""
    if text.isascii():
        return _analyse_ascii(text)
    return _analyse_full(text)


def _info(token: str) -> tuple[str, int]:
    found = _TOKEN_INFO.get(token)
    return found if found is not None else _token_info(token)


def _analyse_ascii(text: str) -> Analysed:
    """:func:`analyse` for ASCII text (most claims), from what each token is.

    The same reading as :func:`_analyse_full`, but a word is looked up once as written
    rather than lowercased, classified and stemmed at every occurrence; lowercasing each
    token gives the tokens of the lowercased text when the text is ASCII.
    """
    raw = _TOKEN.findall(text)
    terms: list[str] = []
    numbers: set[str] = set()
    names: set[str] = set()
    negated = False
    first: str | None = None
    lower: list[str] | None = None
    info_of = _TOKEN_INFO.get
    i, n = 0, len(raw)
    while i < n:
        info = info_of(raw[i])
        kind, flags = info if info is not None else _token_info(raw[i])
        if flags & _LONE_NUMBER and (i + 1 == n or not _info(raw[i + 1])[1] & _FOLLOWS):
            numbers.add(kind)  # a number alone: "2019", "12%"
            terms.append(kind)
        elif flags & (_LONE_NUMBER | _CONTEXT):
            # A number read with the words around it, as the full reading does.
            if lower is None:
                lower = [t.lower() for t in raw]
            if _is_number(lower, i):
                i = _take_number(raw, lower, i, terms, numbers)
                continue
        elif not kind:
            pass
        elif kind == _NEGATION:
            negated = True
        else:
            terms.append(kind)
            if flags & _CAPITAL:
                if i > 0 or flags & _UPPER:
                    names.add(kind)
                else:
                    first = kind
        i += 1
    return Analysed(tuple(terms), frozenset(numbers), frozenset(names), negated, first)


def _analyse_full(text: str) -> Analysed:
    """:func:`analyse` for any claim, reading numbers with the words around them."""
    raw = tokens(text)
    lower = tokens(text.lower())
    if len(lower) != len(raw):  # a letter whose lowercase is two characters: rare
        lower = [t.lower() for t in raw]
    terms: list[str] = []
    numbers: set[str] = set()
    names: set[str] = set()
    negated = False
    first: str | None = None
    kinds = _KINDS
    i, n = 0, len(raw)
    while i < n:
        word = lower[i]
        kind = _NUMBER if word[0].isdigit() else kinds.get(word)
        if kind is None:
            kind = _kind(word)
        if not kind:  # a function word
            i += 1
            continue
        if kind == _NUMBER and _is_number(lower, i):
            i = _take_number(raw, lower, i, terms, numbers)
            continue
        if kind == _NEGATION:
            negated = True
        elif kind != _NUMBER:
            terms.append(kind)
            # A capital starts every claim: the first word is a name only in capitals
            # ("NATO"), else "Petrol in Tarrow…" would make petrol a name. Whether a
            # capitalised first word is a name is for the collection to say (``first``).
            if raw[i][0].isupper():
                if i > 0 or raw[i].isupper():
                    names.add(kind)
                else:
                    first = kind
        i += 1
    return Analysed(tuple(terms), frozenset(numbers), frozenset(names), negated, first)


def _is_number(lower: list[str], i: int) -> bool:
    """Whether the number word at ``i`` is a number here.

    "one" is a number in "one in five" and "one million", a pronoun elsewhere.
    """
    return lower[i] != "one" or (i + 1 < len(lower) and (lower[i + 1] in _SCALES
                                                         or lower[i + 1] == "in"))


def _take_number(raw: list[str], lower: list[str], i: int, terms: list[str],
                 numbers: set[str]) -> int:
    """Read the number at token ``i`` into ``terms`` and ``numbers``; the next index."""
    value, percent, i = _read_number(raw, lower, i)
    if value is not None:
        key = _number_text(value) + ("%" if percent else "")
        numbers.add(key)
        terms.append(key)
    return i


def _read_number(raw: list[str], lower: list[str], i: int) -> tuple[float | None, bool, int]:
    """The number starting at token ``i``, whether it is a percentage, and the next index."""
    n = len(raw)
    word = lower[i]
    percent = False
    if word[0].isdigit():
        if word.endswith("%"):
            percent, word = True, word[:-1]
        if "," in word:
            if not _THOUSANDS.match(word):
                word = word.split(",")[0]  # "3,4" in a list, not a thousands separator
            word = word.replace(",", "")
        try:
            value = float(word)
        except ValueError:
            return None, False, i + 1
        i += 1
    else:
        start = i
        while i < n and (lower[i] in _NUMBER_WORDS or (lower[i] == "and" and i > start
                         and i + 1 < n and lower[i + 1] in _NUMBER_WORDS)):
            i += 1
        value = _words_number([w for w in lower[start:i] if w != "and"])
    if i < n and lower[i] in _SCALES and not (lower[i] == "m" and percent):
        value *= _SCALES[lower[i]]
        i += 1
    if i < n and lower[i] in _PERCENT:
        percent = True
        i += 1
    elif i + 1 < n and lower[i] == "per" and lower[i + 1] == "cent":
        percent = True
        i += 2
    return value, percent, i


class _TermOf(dict[str, str]):
    """Each token as written → its term ("" for none); filled as tokens are first met."""

    def __missing__(self, token: str) -> str:
        kind, flags = _info(token)
        # A claim holding a contextual token is read in full (names and all), so such a
        # token is no term here. The sets grow with the distinct tokens of the input, as
        # the postings do; they must hold every one, so they are not capped.
        if flags & (_CONTEXT | _FOLLOWS):
            _CONTEXTUAL.add(token)
            kind = ""
        elif kind == _NEGATION:
            kind = ""
        elif kind and not flags & _LONE_NUMBER:
            if flags & _CAPITAL:
                _CAPITALISED.add(token)
            if flags & _UPPER:
                _UPPERCASE.add(token)
        if len(self) < 500_000:  # bounded, like the stems
            self[token] = kind
        return kind


_TERM_OF = _TermOf()
# Tokens whose reading depends on their neighbours (number words, "million", "per"), and
# capitalised and all-capital tokens that are terms: filled with _TERM_OF.
_CONTEXTUAL: set[str] = set()
_CAPITALISED: set[str] = set()
_UPPERCASE: set[str] = set()


def index_terms(texts: list[str]) -> tuple[list[list[str]], set[str]]:
    """The terms of each claim (as :func:`analyse` gives them) and the names among all.

    What indexing needs, and no more: a claim's numbers, names and negation are read
    (:func:`analyse`) only when it is a candidate. Claims whose tokens all mean the same
    wherever they stand (most) are read with a few passes in C over their tokens: a term
    per token, and the tokens anywhere but first seen once for the whole collection to
    say which are names (capitalised mid-sentence, or all capitals anywhere).
    """
    out: list[list[str]] = []
    names: set[str] = set()
    inner: set[str] = set()
    firsts: set[str] = set()
    term_of = _TERM_OF.__getitem__
    contextual = _CONTEXTUAL
    findall = _TOKEN.findall
    for text in texts:
        raw = findall(text)
        terms = list(filter(None, map(term_of, raw)))  # fills ``contextual`` as it goes
        if not text.isascii() or not contextual.isdisjoint(raw):
            analysed = analyse(text)
            out.append(list(analysed.terms))
            names |= analysed.names
            continue
        out.append(terms)
        if raw:
            firsts.add(raw[0])
            inner.update(islice(raw, 1, None))
    term = _TERM_OF.get
    names.update(term(t, "") for t in inner & _CAPITALISED)
    names.update(term(t, "") for t in firsts & _UPPERCASE)
    names.discard("")
    return out, names
