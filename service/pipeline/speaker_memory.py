"""Who has been named so far in a version, so that later quotes' pronouns and descriptions
("he", "the spokesman", "the official", "同庁の担当者") resolve to someone.

:func:`service.pipeline.quotes.extract_quotes` reads a version from the top; each quote's
attribution (:func:`service.pipeline.speakers.attribute`) gives a name, or an anaphor to
resolve here, and sentences without quotes may name who speaks next. The memory keeps the
last person or body named, everyone named in order (for fuller forms of short names), and the
role nouns speakers were introduced by ("a spokesman for the ministry": "spokesman").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from . import russian_speakers, speaker_referents, speakers
from .attribution_words import Attribution
from .korean_speakers import korean_opening_body, names_a_korean_body

_OWNED_BY_PRONOUN = re.compile(r"(?:its|their)\s+(?=[a-zA-Z])")


@dataclass
class SpeakerMemory:
    language: str
    last: str | None = None  # the last person or body named: what "he" stands for
    named: list[str] = field(default_factory=list)  # everyone named, in order
    roles: dict[str, str] = field(default_factory=dict)  # role_of("spokesman") -> the speaker introduced by it

    def name(self, subject: str, earlier: str) -> str:
        """``subject`` named (in its fullest form the text before gives): the last one named now."""
        subject = speaker_referents.owned_by_country(subject, earlier, self.language)
        self.last = speaker_referents.fullest(subject, earlier, self.named, self.language)
        self.named.append(self.last)
        return self.last

    def read_sentence(self, text: str, earlier: str, thorough: bool) -> None:
        """A sentence without quotes may name who speaks next ("Kim Yo Jong described the drills
        as … The statement also said …"): its subject, an official described by office and
        owner, a role introduced before ("…, the spokesman went on:"), or someone new ("An
        official with the county's bureau told …")."""
        subject = speakers.sentence_subject(text, self.language, thorough=thorough)
        office = None if subject else russian_speakers.office_subject(text, self.language)
        if office:  # "Официальный представитель МИД КНДР осудил …": someone new, or the one introduced so
            subject = (office[1] and russian_speakers.introduced(office[1], earlier, self.named)) or office[0]
        if subject:
            self.name(subject, earlier)
            return
        body = korean_opening_body(text) if self.language == "ko" else None
        if body:  # "대전고법 형사1부는 … 선고했다": a later "재판부는" is this court; "그는" is not
            self.named.append(body)
            return
        described = None if office else speakers.subject_description(text, self.language)
        if described is None:
            return
        role = self.roles.get(speakers.role_of(described.description.split()[-1]))
        if role is None and described.label:
            role = (None if speaker_referents.names_a_place(described.description, self.language)
                    else speaker_referents.described(described.description, earlier, self.named, self.language)) or described.label
            self.named.append(role)
        self.last = role or self.last

    def _a_body(self, name: str) -> bool:
        """Whether a name remembered is a body's, not a person's."""
        if self.language == "ko":
            return names_a_korean_body(name)
        return (speakers.is_body_by_kind(name.split()[0], self.language)
                or not (name[:1].islower() or any(speakers.is_person_word(w) for w in name.split())))

    def speaker(self, found: Attribution, earlier: str) -> str | None:
        """The speaker of a quote whose attribution is ``found``: the name it gives, or what its
        anaphor stands for."""
        if found.speaker:
            owned = _OWNED_BY_PRONOUN.match(found.speaker)
            if owned and self.last:  # "a spokesman for its foreign ministry" after "Pyongyang denied …"
                body = found.speaker[owned.end():]
                found = replace(found, speaker=self.last if self.last.endswith(body) else f"{self.last}'s {body}")
            speaker = self.name(found.speaker, earlier)
            if found.role:
                self.roles[found.role] = speaker
            return speaker
        if not found.anaphoric:
            return None
        # "the spokesman" is the one introduced as a spokesman; "the top court" the Supreme Court
        # named before; "the minister" the last speaker, or, with no one named before, the
        # description itself ("The minister said:")
        body = self.roles.get(speakers.role_of(found.description.split()[-1])) if found.description else None
        if body is None and found.label and speaker_referents.names_a_place(found.description, self.language):
            body = found.label  # "an official with the county's emergency management bureau": the bureau's, not the county's
        if body is not None:
            self.last = body  # "the spokesman warned" after someone else was named: "he" is the spokesman again
        elif found.description:
            body = speaker_referents.described(found.description, earlier, self.named, self.language)
            if body and speaker_referents.describes_a_person(found.description, self.language):
                self.last = body  # "the ambassador said: …" then "he went on": the ambassador
        if body is None and found.owner:  # an official described by office and owner
            body = self.last = russian_speakers.introduced(found.owner, earlier, self.named) or found.description
            self.named.append(body)
        if body is None and found.label and speakers.is_body_by_kind(found.label, self.language):
            # "— отметили в ведомстве" after "В Росгидромете заверили …": the body spoken of last,
            # though a person was quoted since
            body = next((n for n in reversed(self.named) if self._a_body(n)), None)
        if body is None and found.label:  # an official of a body no one named: someone new
            body = self.last = found.label
            self.named.append(body)
        if body is None and found.description:  # "the paper said": the outlet named last, not the last person
            body = speaker_referents.publication_named(found.description, earlier, self.named, self.language)
        if body is None and found.description and speaker_referents.names_a_body(found.description, self.language):
            body = found.description  # "The chipmaker … said": a body no one named, not the last person named
        return body or self.last or found.in_full or found.description
