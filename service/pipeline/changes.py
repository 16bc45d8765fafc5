"""What changed between two aligned texts, and what kind of change each difference is.

Two versions of a quote or a sentence, in one language (the comparison's target
language), are read for the things whose change alters a claim:

* ``negation`` — the polarity of the clause: negators ("not", "no", "never"), verbs that
  negate an action ("refused to"), adjectives negated by a prefix that WordNet calls the
  antonym of their base ("unacceptable");
* ``modality`` — the modal class: necessity (must, have to, should), possibility (may,
  can, could), probability (likely), future (will, going to); "will" counts only where no
  other class does ("will not be able to" is ability, like "cannot");
* ``time`` — a future verb against a past one ("held" / "will hold"), before against
  after, or another day, month, year, quarter or relative time ("this week" / "last week");
* ``quantity`` — the quantities of :mod:`service.pipeline.numbers` (years are times);
* ``actor`` — people, countries and bodies: names, with the countries, capitals,
  demonyms and agencies of the gazetteer read as one ("Tokyo" = "Japanese" = "Japan");
* ``antonym`` — a word replaced by one WordNet calls its antonym (rose / decreased);
* ``qualifier`` — an intensifier, hedge or evaluative modifier added, dropped or replaced
  by one of another group ("unconditional" / "full"); two of one group are noise;
* ``wording`` — a content word replaced by one not known to be equivalent.

Equivalents are not changes: the same lemma, WordNet synonyms, words that translations add
or drop without changing a claim (reporting verbs, "side"), numbers written differently.
The closed classes are data (``[changes]`` of ``data/languages/<code>.toml``); synonymy and antonymy come
from WordNet (:mod:`.wordnet`). Texts in a language without data are compared word for
word, every difference being ``wording``.
Each text is read by :mod:`.change_reading`; :mod:`.change_verdict` turns the changes into
a status.
"""
from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz.distance import Indel

from ..language_data import language as language_of
from ..model import Change
from .change_qualifiers import QualifierReader
from .change_reading import Reading, body_words_of, change_words, phrases_in
from .change_times import YEAR, counts_things
from .numbers import (bounded_text, measured_key, quantities, share_said_as_count, unbounded,
                      unmatched_figures)
from .sentiment import is_evaluative, valence
from .tokens import function_words, stem
from .wordnet import WordNet

MEANING_KINDS = ("negation", "modality", "time", "antonym", "qualifier", "actor", "quantity")


def _names_them_together(reading: Reading) -> bool:
    """Whether the text names a list of actors together ("both sides", "the two countries")."""
    joined = f" {' '.join(reading.folded)} "
    return any(f" {phrase} " in joined for phrase in change_words(reading.language).collectives)



class ChangeReader(QualifierReader):
    """Names the changes between two texts of one language (each read as a :class:`TextReader` reads it)."""

    def changes(self, reference: str, other: str, language: str) -> list[Change]:
        """The changes from ``reference`` to ``other``, meaning kinds first. A modifier one side
        adds (an evaluative one, or a common adjective before a noun: "took exceptional
        measures" / "took measures") is a qualifier, in a quote and in a narrative sentence alike:
        what an outlet adds to or drops from a claim frames it."""
        a, b = self.read(reference, language), self.read(other, language)
        found: list[Change] = []
        found += self._quantity(reference, other, language) or self._share(a, b)
        found += self._actor(a, b)
        found += self._time(a, b)
        found += self._modality(a, b)
        rest_a, rest_b, flips = self._unexplained(a, b)
        antonyms, rest_a, rest_b = self._antonyms(a, b, rest_a, rest_b)
        negation = self._negation(a, b, antonyms, flips)
        # "not guilty" / "acquitted", "did not reject" / "accepted": a negated antonym says the word
        cancelled = next((c for c in antonyms if self._negated(c.reference, a) != self._negated(c.other, b)), None)
        if cancelled is not None:
            antonyms, negation = [c for c in antonyms if c is not cancelled], []
        qualifiers, rest_a, rest_b = self._opposed_qualifiers(self._qualifier(a, b), a, b, rest_a, rest_b)
        found += antonyms + [c for c in qualifiers if c.kind == "antonym"]
        found += negation
        found += [c for c in qualifiers if c.kind != "antonym"]
        added, rest_a, rest_b = self._modifiers(a, b, rest_a, rest_b)
        found += added
        found += self._wording(rest_a, rest_b)
        return found

    def _opposed_qualifiers(self, qualifiers: list[Change], a: Reading, b: Reading, rest_a: list[str],
                            rest_b: list[str]) -> tuple[list[Change], list[str], list[str]]:
        """A qualifier one side adds against a word the other side has in its place that is its
        opposite ("a friendly direction" / "a hostile direction"): an antonym, not a qualifier."""
        result = []
        for change in qualifiers:
            sides = {"reference": [w for w in change.reference.split(", ") if w],
                     "other": [w for w in change.other.split(", ") if w]}
            for side, rest, own, other in (("other", rest_a, b, a), ("reference", rest_b, a, b)):
                for word in list(sides[side]):
                    opposite = next((y for y in rest if self._opposite(y, word, other, own)), None)
                    if opposite is not None:
                        sides[side].remove(word)
                        rest.remove(opposite)
                        result.append(Change("antonym", opposite, word) if side == "other" else Change("antonym", word, opposite))
            if sides["reference"] or sides["other"]:
                result.append(Change("qualifier", ", ".join(sides["reference"]), ", ".join(sides["other"])))
        return result, rest_a, rest_b

    def _quantity(self, reference: str, other: str, language: str) -> list[Change]:
        def figures(text: str) -> list:
            # a figure shaped like a year is the time reader's, unless it counts what follows it
            def following(q) -> str:
                word = re.match(r"\s*([^\W\d_]+)", text[q.end:])
                return word.group(1) if word else ""

            return [q for q in quantities(text, language)
                    if not YEAR.match(q.text) or counts_things(q.text, following(q), self.wordnet)]

        qa, qb = figures(reference), figures(other)
        # values, not their bounds: "up to 150" and "until 150" are one figure; a span of time
        # in its smallest unit ("nine months" / "three quarters")
        figures_a = [(unbounded(measured_key(reference, q, language)), unbounded(q.key)) for q in qa]
        figures_b = [(unbounded(measured_key(other, q, language)), unbounded(q.key)) for q in qb]
        only_a, only_b = unmatched_figures(figures_a, figures_b)
        if not only_a or not only_b:
            return self._bound_turned(reference, qa, other, qb)
        if share_said_as_count(reference, [qa[i] for i in only_a], qa, other, [qb[j] for j in only_b], qb):
            return []
        def shown(text: str, q, figure: tuple[str, str]) -> str:
            # a figure read with its unit ("10 gigawatts") is shown with it: "10 → 10" would say nothing
            unit = re.match(r"(?:\s*|-)[^\W\d_]+", text[q.end:]) if figure[0] != figure[1] else None
            return q.text + unit.group(0) if unit else q.text

        return [Change("quantity", ", ".join(shown(reference, qa[i], figures_a[i]) for i in only_a),
                       ", ".join(shown(other, qb[j], figures_b[j]) for j in only_b))]

    def _share(self, a: Reading, b: Reading) -> list[Change]:
        """Two shares of one group ("most residents" / "all residents"): a quantity change when
        each side says one share and the two have nothing in common."""
        def shares(reading: Reading) -> dict[str, list[str]]:
            data, found = change_words(reading.language), {}
            for i, word in enumerate(reading.folded[:-1]):
                following = reading.folded[i + 1]
                if following != "of" and (following in function_words() or not following.isalpha()):
                    continue
                for share, words in data.quantifiers.items():
                    if word in words:
                        found.setdefault(share, []).append(reading.words[i])
            return found

        sa, sb = shares(a), shares(b)
        if not sa or not sb or set(sa) & set(sb) or len(sa) > 1 or len(sb) > 1:
            return []
        return [Change("quantity", ", ".join(*sa.values()), ", ".join(*sb.values()))]

    @staticmethod
    def _bound_turned(reference: str, qa: list, other: str, qb: list) -> list[Change]:
        """One figure bounded from opposite sides ("more than 12" / "fewer than 12"): a quantity
        change; one bound against none ("at least 12" / "12") is only a hedge on the figure."""
        for x in qa:
            for y in qb:
                if unbounded(x.key) == unbounded(y.key) and {x.key[:1], y.key[:1]} == {"<", ">"}:
                    return [Change("quantity", bounded_text(reference, x), bounded_text(other, y))]
        return []

    def _actor(self, a: Reading, b: Reading) -> list[Change]:
        def tokens(key: str) -> set[str]:
            return set(key[5:].split()) if key.startswith("name:") else {key}

        def present(key: str, there: dict[str, str]) -> bool:
            # "Dmitry Peskov" and "Peskov", "Taro Yamada" and "Yamada Taro" are one person;
            # "Defence Ministry" and "Ministry of National Defense" one body
            if key.startswith("org:"):
                return any(k.startswith("org:") and self._same_body(key[4:], k[4:], a.language) for k in there)
            return key in there or any(tokens(key) & tokens(k) for k in there if k.startswith("name:"))

        dropped_keys = [key for key in a.actors if not present(key, b.actors)]
        added_keys = [key for key in b.actors if not present(key, a.actors)]
        # one side's place is the other side's actor ("talks in Moscow" / "Moscow's talks"): one
        bare = lambda key: key.removeprefix("place:")  # noqa: E731
        both = {bare(k) for k in dropped_keys} & {bare(k) for k in added_keys}
        dropped = [a.actors[k] for k in dropped_keys if bare(k) not in both]
        added = [b.actors[k] for k in added_keys if bare(k) not in both]
        # one name spelt two ways ("French Guiana" / "French Guyana", perhaps read as two names)
        if dropped and added and _spelt_alike(", ".join(dropped), ", ".join(added)):
            dropped, added = [], []
        # a body and the word made of its name's openings ("Korea Railroad Corporation" / "Korail")
        for short, long in [(d, n) for d in dropped for n in added] + [(n, d) for d in dropped for n in added]:
            if short in dropped + added and long in dropped + added and _abbreviates(short, long):
                dropped = [n for n in dropped if n not in (short, long)]
                added = [n for n in added if n not in (short, long)]
        # A name one side has and the other lacks is often just more detail ("Ukraine's
        # Donetsk region", "he" for "Okafor"); it changes the claim when it replaces another
        # name, or when it joins or leaves a list of actors ("Japan and South Korea"). A body's
        # name replaces only another body's: literal translations name a body by its country
        # or its members ("the Federal Armed Forces" / "the German military").
        is_body = {a.actors[k]: k.startswith("org:") for k in dropped_keys} | {b.actors[k]: k.startswith("org:") for k in added_keys}
        for kind in (True, False):
            gone, come = [n for n in dropped if is_body[n] == kind], [n for n in added if is_body[n] == kind]
            if gone and come:
                return [Change("actor", ", ".join(gone), ", ".join(come))]
        coordinated = [n for n in dropped if _coordinated(a.text, n)] or [n for n in added if _coordinated(b.text, n)]
        if not coordinated:
            return []
        if len(coordinated) >= 2 and _names_them_together(b if dropped else a):
            return []  # "China and New Zealand agreed" / "both sides agreed": the same two
        return [Change("actor", ", ".join(coordinated) if dropped else "", "" if dropped else ", ".join(coordinated))]

    def _same_body(self, x: str, y: str, language: str) -> bool:
        """Whether two names of bodies name one: every word of the shorter is in the longer, by
        stem, spelling or WordNet synonymy ("Defence Ministry" / "Ministry of National Defense";
        "Labour" / "Work")."""
        # the body words themselves are renderings ("Federal Labour Office" / "Federal Agency for
        # Work"): the words that say which body it is decide
        body_words = body_words_of(language)
        ranks = change_words(language).rank_words
        if all(ranks & set(name.casefold().split()) for name in (x, y)):
            body_words = body_words | ranks  # "General Administration" / "Main Administration": one rank, said two ways

        def content(name: str) -> list[str]:
            words = [w for w in name.casefold().split() if w not in function_words()]
            return [w for w in words if w not in body_words] or words

        if len(x.split()) == 1 or len(y.split()) == 1:  # "the army" / "the Korean People's Army"
            alone, named = (x, y) if len(x.split()) == 1 else (y, x)
            if alone.casefold() in named.casefold().split():
                return True
        small, large = sorted((content(x), content(y)), key=len)
        return all(any(stem(s) == stem(word) or _spelt_alike(s, word) or self.wordnet.synonymous(s, word)
                       or self.wordnet.kind_of(s, word) for word in large)
                   for s in small)

    def _time(self, a: Reading, b: Reading) -> list[Change]:
        changes = []
        if a.future != b.future and a.past != b.past and (a.future and b.past or a.past and b.future):
            changes.append(Change("time", "future" if a.future else "past", "future" if b.future else "past"))
        for category in sorted(set(a.times) & set(b.times)):
            # a time placed relative to now changes when the two share none ("next week" / "last
            # week"); "this year … a year earlier" / "a year earlier" says one more, not another
            relative = category.startswith("relative:")
            if (a.times[category].isdisjoint(b.times[category]) if relative else a.times[category] != b.times[category]):
                changes.append(Change("time", ", ".join(sorted(a.times[category] - b.times[category])),
                                      ", ".join(sorted(b.times[category] - a.times[category]))))
        relative_a = {c for c in a.times if c.startswith("relative:")}
        relative_b = {c for c in b.times if c.startswith("relative:")}
        if relative_a and relative_b and not relative_a & relative_b:  # "next week" / "next month"
            changes.append(Change("time", ", ".join(a.time_words), ", ".join(b.time_words)))
        if not changes:  # one verb in two tenses ("inaugurated" / "will inaugurate"), beside verbs both share
            moved = [(a.tenses[v][1], b.tenses[v][1]) for v in sorted(a.tenses.keys() & b.tenses.keys())
                     if {a.tenses[v][0], b.tenses[v][0]} == {"past", "future"}]
            if moved:
                changes.append(Change("time", ", ".join(x for x, _ in moved), ", ".join(y for _, y in moved)))
        if a.order and b.order and set(a.order) != set(b.order):
            changes.append(Change("time", ", ".join(w for ws in a.order.values() for w in ws),
                                  ", ".join(w for ws in b.order.values() for w in ws)))
        if len(changes) > 1 and changes[0].reference in ("future", "past"):
            changes = changes[1:]  # the times themselves say more than the tense
        return changes[:1]

    def _modality(self, a: Reading, b: Reading) -> list[Change]:
        def classes(reading: Reading) -> set[str]:
            found = set(reading.modal)
            return found - {"future"} if found - {"future"} else found

        ca, cb = classes(a), classes(b)
        # one side's modal against a side with none is mostly a rendering ("can not be
        # tolerated" / "is unacceptable"): a change of modality needs a modal on both sides,
        # and classes with nothing in common ("should" is obligation, advice or likelihood)
        if ca & cb or not ca or not cb:
            return []
        words = lambda r, cs: ", ".join(dict.fromkeys(p for c in sorted(cs) for p in r.modal.get(c, [])))  # noqa: E731
        return [Change("modality", words(a, ca - cb) or "", words(b, cb - ca) or "")]

    def _negation(self, a: Reading, b: Reading, antonyms: list[Change], flips: tuple[int, int]) -> list[Change]:
        explained = {w for c in antonyms for w in (c.reference.casefold(), c.other.casefold())}
        count = lambda r: len(r.negators) + len([w for w in r.negative_verbs if w not in explained])  # noqa: E731
        na, nb = count(a) + flips[0], count(b) + flips[1]
        if na % 2 == nb % 2:
            return []
        # prefix-negated words both sides say ("disarmament") balance nothing
        prefixed_a, prefixed_b = self._prefixed(a), self._prefixed(b)
        pa, pb = len(prefixed_a - prefixed_b), len(prefixed_b - prefixed_a)
        # "can not be tolerated" / "is unacceptable": a prefix-negated adjective on the other
        # side balances a negator (it is never counted on its own: "unmanned", "unchanged")
        if (na % 2 and pb % 2) or (nb % 2 and pa % 2):
            return []
        # a litotes: a negator and a prefix-negated word on one side ("not undeservedly won"
        # = "deserved to win")
        if (na % 2 and pa % 2) or (nb % 2 and pb % 2):
            return []
        if self._not_before(a, b) if na % 2 else self._not_before(b, a):
            return []  # "will not resume before Thursday" / "will resume on Thursday at the earliest"
        if self._said_without_negator(a, b) if na % 2 else self._said_without_negator(b, a):
            return []  # "pronounced not guilty" / "acquitted"
        if self._refused_in_one_word(a, b) if na % 2 else self._refused_in_one_word(b, a):
            return []  # "refused to satisfy the appeal" / "rejected the appeal"
        if self._privation(a, b) if na % 2 else self._privation(b, a):
            return []  # "left without power" / "cut power"
        if self._opposite_of_negated(a, b) if na % 2 else self._opposite_of_negated(b, a):
            return []  # "did not give up" / "kept going"
        words = lambda r: ", ".join(r.negators + [w for w in r.negative_verbs if w not in explained])  # noqa: E731
        return [Change("negation", words(a), words(b))]

    def _opposite_of_negated(self, negating: Reading, other: Reading) -> bool:
        """Whether ``negating`` negates a verb, or a verb and the word after it, that WordNet
        opposes to a verb of ``other``: "did not give up" / "kept going" ("give up" is
        "discontinue", whose antonym "continue" holds "keep")."""
        negators = change_words(negating.language).negators
        verbs = lambda w: self.wordnet.base_forms(w, "v") | {w}  # noqa: E731
        own = {base for w in negating.folded for base in verbs(w)}
        # the other side's content words that this side does not say too ("has rejected" against
        # "did not reject" is the negation itself; "has" and "be" oppose nothing here)
        content = [w.casefold() for w in other.content if not verbs(w.casefold()) & own]
        said = {base for w in content for base in verbs(w)}
        said |= {f"{x} {y}" for x, y in zip(other.folded, other.folded[1:]) if x in content}  # "go on"
        # WordNet records an antonym on one sense of the pair: look both ways
        opposed_to_said = {o for w in said for o in self.wordnet.verb_opposites(w)}
        for i, word in enumerate(negating.folded):
            if not any(j >= 0 and negating.folded[j] in negators for j in (i - 1, i - 2)):
                continue
            after = negating.folded[i + 1 : i + 2]
            for verb in self.wordnet.base_forms(word, "v") - {b for w in other.folded for b in verbs(w)}:
                phrases = [f"{verb} {w}" for w in after] + [verb]
                if any(phrase in opposed_to_said or self.wordnet.verb_opposites(phrase) & said for phrase in phrases):
                    return True
        return False

    def _privation(self, negating: Reading, other: Reading) -> bool:
        """Whether ``negating``'s one negator is privative ("were without electricity") and
        ``other`` says the same by a word of taking away ("cut power", "deprived of electricity")."""
        data = change_words(negating.language)
        if len(negating.negators) != 1 or negating.negators[0] not in data.privatives or negating.negative_verbs:
            return False
        bases = [min(self.wordnet.base_forms(f, "v") | self.wordnet.base_forms(f, "n") or {f}, key=len)
                 for f in other.folded]
        return bool(phrases_in(bases, data.privative_words, set()))

    def _negated(self, word: str, reading: Reading) -> bool:
        """Whether a negator stands right before ``word``, one word before it ("did not reject"),
        or further before it across function words only ("will not be too long")."""
        if word not in reading.words:
            return False
        i = reading.words.index(word)
        negators = change_words(reading.language).negators
        if any(j >= 0 and reading.folded[j] in negators for j in (i - 1, i - 2)):
            return True
        j = i - 1
        while j >= max(0, i - 4) and reading.folded[j] in function_words() and reading.folded[j] not in negators:
            j -= 1
        return j >= 0 and j < i - 2 and reading.folded[j] in negators

    def _not_before(self, negating: Reading, other: Reading) -> bool:
        """Whether ``negating`` negates a verb up to a time ("should not leave before the storm
        has passed", "не раньше четверга") that ``other`` bounds without a negator ("stay indoors
        until the storm has passed", "on Thursday at the earliest"): one claim, said two ways."""
        data = change_words(negating.language)
        if not data.not_before or not data.from_then:
            return False
        joined = f" {' '.join(negating.folded)} "
        bounds = {b for n in data.negators for b in data.not_before
                  if re.search(rf" {re.escape(n)} (?:\S+ ){{0,5}}{re.escape(b)} ", joined)}
        other_joined = f" {' '.join(other.folded)} "
        # the same bound on both sides ("will not continue until Friday" / "will continue until
        # Friday") is the negation itself
        return any(f" {phrase} " in other_joined for phrase in data.from_then if phrase not in bounds) and bool(bounds)

    def _said_without_negator(self, negating: Reading, other: Reading) -> bool:
        """Whether a word of ``other`` means what ``negating`` says with a negator: WordNet
        defines it as that negation ("not guilty" / "acquitted")."""
        negators = change_words(negating.language).negators
        negated = [f for i, f in enumerate(negating.folded)
                   if i and negating.folded[i - 1] in negators and f not in function_words()]
        prefixes = change_words(negating.language).negative_prefixes
        # "a not announced visit" / "an unannounced visit": the same word with a negative prefix
        if any(p + n in other.folded or f"{p}-{n}" in other.folded for n in negated for p in prefixes):
            return True
        return any(self.wordnet.says_not(word, n) for word in other.content for n in negated)

    def _refused_in_one_word(self, negating: Reading, other: Reading) -> bool:
        """Whether ``other`` has a word of its own that WordNet defines as a refusal ("reject":
        "refuse to accept"), or a verb kin to ``negating``'s negative verb ("refuted" / "denied"),
        where ``negating`` says it with a negative verb or a negator."""
        refusals = change_words(negating.language).negative_verbs
        said = {lemma for word in negating.folded for lemma in self.wordnet.lemmas(word) | {word}}
        counted = {w.casefold() for w in other.negative_verbs}
        own = [word for word in other.content
               if word.casefold() not in counted and not (self.wordnet.lemmas(word) | {word.casefold()}) & said]
        # "denied the reports" / "refuted the reports": a negative verb and its kin in WordNet
        return any(self.wordnet.means_refusal(word, refusals) for word in own) or any(
            self.wordnet.verb_kin(verb, word) for verb in negating.negative_verbs for word in own)

    def _prefixed(self, reading: Reading) -> frozenset[str]:
        """Words negated by a prefix (unacceptable, dishonest): WordNet antonyms of their base;
        not nouns, which name a thing ("disorders" of the heart) rather than deny a quality."""
        data = change_words(reading.language)
        found = set()
        for w in reading.folded:
            if self.wordnet.dominant_part_of_speech(w) == "n":
                continue
            for prefix in data.negative_prefixes:
                base = w[len(prefix):].lstrip("-")
                if w.startswith(prefix) and len(w) > len(prefix) + 3 and (
                        self.wordnet.antonymous(w, base) or self.wordnet.antonymous(w.removesuffix("ly"), base.removesuffix("ly"))):
                    found.add(w)
                    break
        return frozenset(found)

    def _unexplained(self, a: Reading, b: Reading) -> tuple[list[str], list[str], tuple[int, int]]:
        """The content words of each side that the other side does not say too (by lemma or
        synonym), and how many words each side negates by a prefix where the other side has
        the bare word ("unfounded" / "not founded"): those count as negations of that side."""
        rest_a, rest_b = list(a.content), list(b.content)
        # the same word first, synonyms after: "exclusive" pairs with "exclusive", not with
        # "inside", whose synonym it is in one sense ("inside" / "outside" must stay unpaired)
        for equivalent in (self._same_word, self._equivalent):
            for x in list(rest_a):
                match = next((y for y in rest_b if equivalent(x, y)), None)
                if match is not None:
                    rest_a.remove(x)
                    rest_b.remove(match)
        prefixes = change_words(a.language).negative_prefixes
        flips = [0, 0]
        for x in list(rest_a):
            for y in list(rest_b):
                if not self.wordnet.parts_of_speech(x.casefold()) and not self.wordnet.parts_of_speech(y.casefold()):
                    continue  # neither is a word WordNet knows
                if _prefixed_form(y, x, prefixes):
                    flips[1] += 1
                elif _prefixed_form(x, y, prefixes):
                    flips[0] += 1
                else:
                    continue
                rest_a.remove(x)
                rest_b.remove(y)
                break
        return rest_a, rest_b, (flips[0], flips[1])

    def _antonyms(self, a: Reading, b: Reading, rest_a: list[str], rest_b: list[str]):
        """Words replaced by their opposites: a change of direction ("rose" / "shrank", from
        the data), WordNet antonyms, and evaluative words of opposite valence ("encouraging" /
        "disappointing", VADER)."""
        pairs = []
        # a direction of change ("rose" / "shrank") or a stance ("supports" / "opposes") against the
        # other only: a text that says both ("rose after cuts") is no flip
        for one, opposite in _OPPOSED_DIRECTIONS:
            ups_a, downs_a = a.directions.get(one, []), a.directions.get(opposite, [])
            ups_b, downs_b = b.directions.get(one, []), b.directions.get(opposite, [])
            # a word both texts say ("after the government tightened quotas") is no part of the flip
            ups_a, ups_b = [w for w in ups_a if w not in ups_b], [w for w in ups_b if w not in ups_a]
            downs_a, downs_b = [w for w in downs_a if w not in downs_b], [w for w in downs_b if w not in downs_a]
            if (ups_a and not downs_a and downs_b and not ups_b) or (downs_a and not ups_a and ups_b and not downs_b):
                words_a, words_b = (ups_a, downs_b) if ups_a else (downs_a, ups_b)
                pairs.append(Change("antonym", ", ".join(words_a), ", ".join(words_b)))
            elif (ups_a and ups_b and not downs_a and not downs_b) or (downs_a and downs_b and not ups_a and not ups_b):
                # "fell" / "has gone back": one direction said two ways (words both say are no rendering)
                same_a, same_b = (ups_a, ups_b) if ups_a else (downs_a, downs_b)
                words_a, words_b = [w for w in same_a if w not in same_b], [w for w in same_b if w not in same_a]
                if not (words_a and words_b):
                    continue
            else:
                continue
            said_a = {part for w in words_a for part in w.split()}
            said_b = {part for w in words_b for part in w.split()}
            rest_a = [w for w in rest_a if w not in said_a]
            rest_b = [w for w in rest_b if w not in said_b]
        light = change_words(a.language).light_verbs
        fractions = language_of(a.language).numbers.fractions

        def figure(word: str) -> bool:  # "one" in "one in three", "third" in "a third": the quantity's
            return bool(quantities(word, a.language)) or word.casefold() in fractions

        for x in list(rest_a):
            if self._lemma_in(x.casefold(), light) or figure(x):
                continue
            match = next((y for y in rest_b if not self._lemma_in(y.casefold(), light) and not figure(y)
                          and self._opposite(x, y, a, b)), None)
            if match is not None:
                pairs.append(Change("antonym", x, match))
                rest_a.remove(x)
                rest_b.remove(match)
        return pairs, rest_a, rest_b

    def _opposite(self, x: str, y: str, a: Reading, b: Reading) -> bool:
        if self.wordnet.antonymous(x, y):
            return True
        if self.wordnet.says_not(x, y, opening=True) or self.wordnet.says_not(y, x, opening=True):
            return True  # a word defined as the other's negation ("silent": "failing to speak")
        adjectives = self.wordnet.dominant_part_of_speech(x) == self.wordnet.dominant_part_of_speech(y) == "a"
        # words that can describe, and do here: adjectives or participles ("encouraging"), not
        # irregular pasts with an adjective sense ("won" / "broke")
        describing = all("a" in self.wordnet.parts_of_speech(w.casefold()) and (
            self.wordnet.dominant_part_of_speech(w.casefold()) == "a" or w.casefold().endswith(("ing", "ed")))
            for w in (x, y))
        if describing and is_evaluative(x) and is_evaluative(y) and valence(x) * valence(y) < 0:
            return True  # "encouraging" / "disappointing"
        stances = all(self.wordnet.dominant_part_of_speech(w.casefold()) == "v" and self.wordnet.communicates(w)
                      for w in (x, y))
        if stances and is_evaluative(x) and is_evaluative(y) and valence(x) * valence(y) < 0:
            return True  # a stance turned round: "condemns" / "welcomes", "praised" / "criticised"
        # adjectives of opposite clusters ("peaceful" / "military"), when one of them is
        # evaluative and both stand in one place: before the same word or after it
        return (adjectives and max(abs(valence(x)), abs(valence(y))) >= 1.0
                and self.wordnet.opposite_clusters(x, y) and _same_place(x, a, y, b))

    def _wording(self, rest_a: list[str], rest_b: list[str]) -> list[Change]:
        if not rest_a and not rest_b:
            return []
        return [Change("wording", ", ".join(rest_a), ", ".join(rest_b))]



_WORDNET = WordNet()
#: the kinds of ``[changes.direction]`` that oppose one another
_OPPOSED_DIRECTIONS = (("up", "down"), ("pro", "con"), ("plus", "minus"))
SPELLING = 0.85  # Indel similarity of two spellings of one name


def _abbreviates(short: str, name: str) -> bool:
    """Whether one word is made of the openings of a name's first words, in order ("Korail":
    KOrea RAILroad; "Gazprom": GAZ PROMyshlennost), two letters or more of two words or more."""
    if " " in short or len(short) < 4:
        return False
    words = [w.casefold() for w in name.split() if w.casefold() not in function_words()]

    def fits(rest: str, k: int) -> bool:
        if not rest:
            return k >= 2
        return k < len(words) and any(words[k].startswith(rest[:n]) and fits(rest[n:], k + 1)
                                       for n in range(len(rest), 1, -1))

    return len(words) >= 2 and fits(short.casefold(), 0)


def _spelt_alike(x: str, y: str) -> bool:
    """Whether two lists of names are one list spelt differently (case, punctuation, one letter)."""
    plain = lambda s: re.sub(r"[\W_]+", " ", anyascii(s)).casefold().strip()  # noqa: E731
    return Indel.normalized_similarity(plain(x), plain(y)) >= SPELLING


@lru_cache(maxsize=65536)
def _prefixed_form(word: str, base: str, prefixes: tuple[str, ...]) -> bool:
    """Whether ``word`` is ``base`` negated by a prefix ("unfounded" / "founded"), in any
    inflection of the base ("unchanged" / "change")."""
    word, base = word.casefold(), base.casefold()
    if any(word == p.rstrip("-") + base or word == p + base for p in prefixes):
        return True
    # through WordNet's base forms, not stems: "imprisonment" is no "im-" + "prison"
    bases = _WORDNET.lemmas(base)
    return any(word.startswith(p) and len(word) > len(p) + 3 and bool(_WORDNET.lemmas(word[len(p):].lstrip("-")) & bases)
               for p in prefixes)


def _same_place(x: str, a: Reading, y: str, b: Reading) -> bool:
    i, j = a.words.index(x), b.words.index(y)
    before = (a.folded[i - 1] if i else "", b.folded[j - 1] if j else "")
    after = (a.folded[i + 1] if i + 1 < len(a.folded) else "", b.folded[j + 1] if j + 1 < len(b.folded) else "")
    return (before[0] == before[1] and bool(before[0])) or (after[0] == after[1] and bool(after[0]))


def _coordinated(text: str, name: str) -> bool:
    """Whether ``name`` stands in a list of actors in ``text`` ("X and Y", "X, Y and Z", and
    as literal translations write lists: "China, Russia, Mongolia", "Korea-US-Japan")."""
    escaped = re.escape(name)
    other = r"[A-Z][\w’'.-]*"
    part = r"[A-Z][\w’'.]*"  # a name inside a hyphenated list
    return bool(re.search(rf"{other}\s+(?:and|or|&)\s+(?:of\s+)?(?:the\s+)?{escaped}\b"
                          rf"|\b{escaped}\s*(?:,\s*{other}[^,]*)?\s+(?:and|or|&)\s+(?:the\s+)?{other}"
                          rf"|\b(?:and|or)\s+(?:the\s+)?{other},\s*(?:the\s+)?{escaped}\b"
                          rf"|{other},\s*{other},\s*{escaped}\b|\b{escaped},\s*{other},\s*{other}"
                          rf"|{part}-(?:{part}-)*{escaped}\b|\b{escaped}-{part}", text))


def is_meaning(change: Change) -> bool:
    return change.kind in MEANING_KINDS
