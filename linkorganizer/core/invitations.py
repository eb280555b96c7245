"""The invitation inbox: a state machine enforced here, "unclear" messages, reply templates, follow-ups.

The method (the blog post the product serves): don't accept every invitation; when a stranger's message isn't
clear, ask "How may I help you?", and decide once they have answered.

States and the moves between them
=================================

======== ================== ============================================================================
From     Incoming → to      Meaning
======== ================== ============================================================================
new      asked              I sent "How may I help you?" and wait for their reasons
new      accepted           the message was clear; I accept straight away
new      declined           I say no, politely (the decline template)
new      ignored            I let it go without a word (LinkedIn's Ignore)
asked    asked              I followed up on an unanswered question (restarts the follow-up clock)
asked    replied            they answered; their reasons are recorded (``reply`` is required)
asked    declined           no answer, or none I needed, and I say no
asked    ignored            no answer; I let it go
replied  accepted           their reasons convinced me
replied  declined           they did not
replied  ignored            I let it go without a word
======== ================== ============================================================================

======== ================== ============================================================================
From     Outgoing → to      Meaning
======== ================== ============================================================================
new      accepted           they accepted my invitation (``new`` reads "sent, waiting" for outgoing)
new      declined           they turned it down (told me so, or LinkedIn let it expire)
new      withdrawn          I took it back
======== ================== ============================================================================

accepted, declined, ignored and withdrawn are final. Everything else is refused with a
:class:`TransitionError` whose message is a plain sentence. Two refusals are the method itself: an asked
invitation cannot be accepted before their reply is recorded ("decide once they have answered"), and an
outgoing invitation is never asked, replied or ignored (those are the other person's moves).

Every transition is one transaction that writes an ``invitation_event`` row and sets ``state_changed_at``.
Undo is the network's (:meth:`linkorganizer.core.network.Network.undo` puts back every row a step wrote, a
contact accepting created included, and refuses while a later step depends on it); nothing here keeps what a
transition changed.

What accepting does
===================

The invitation gets a contact: the one it is already linked to, else the contact with the same normalised
profile URL (even one in the trash, which comes back out: the URL is unique), else the one active contact with
exactly the invitation's name (only when the profile URLs cannot disagree — namesakes are different people),
else a new contact (``source = "invitation"``). That contact's stage becomes ``connected``, its
``connected_on`` is filled in when empty, and a missing profile URL is taken from the invitation. The invitation
stays linked to the contact, so its message, their reply and every timestamped event *are* the contact's history
(:func:`linkorganizer.core.interactions.history` shows them) — one copy of the text, not two. The result says
whether an introduction call is worth offering (the contact has none yet). Declining and ignoring change only the
invitation; nothing is ever deleted.

Times are naive UTC (see :mod:`linkorganizer.db.models`); pass aware datetimes to say otherwise. Day arithmetic
("due after 7 days") compares the UTC day of a timestamp with the ``today`` the caller passes.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal, NamedTuple

from linkorganizer.core import normalize, settings
from linkorganizer.core.contacts import ValidationError, create_contact
from linkorganizer.core.normalize import as_utc, day, moment
from linkorganizer.db import atomic, current_database
from linkorganizer.db.models import Introduction, InvitationEvent, utcnow

DIRECTIONS: Final = ("incoming", "outgoing")
STATES: Final = ("new", "asked", "replied", "accepted", "declined", "ignored", "withdrawn")
OPEN_STATES: Final = ("new", "asked", "replied")
FINAL_STATES: Final = ("accepted", "declined", "ignored", "withdrawn")

TRANSITIONS: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    "incoming": {
        "new": ("asked", "accepted", "declined", "ignored"),
        "asked": ("asked", "replied", "declined", "ignored"),
        "replied": ("accepted", "declined", "ignored"),
    },
    "outgoing": {
        "new": ("accepted", "declined", "withdrawn"),
    },
}

STATE_LABELS: Final[dict[str, str]] = {
    "new": "New",
    "asked": "Asked",
    "replied": "Replied",
    "accepted": "Accepted",
    "declined": "Declined",
    "ignored": "Ignored",
    "withdrawn": "Withdrawn",
}
# "new" means something else for an invitation I sent.
OUTGOING_STATE_LABELS: Final[dict[str, str]] = {**STATE_LABELS, "new": "Sent"}

# What a move is called in a sentence ("… cannot be accepted").
_VERBS: Final[dict[str, str]] = {
    "new": "reopened",
    "asked": "asked",
    "replied": "marked as replied",
    "accepted": "accepted",
    "declined": "declined",
    "ignored": "ignored",
    "withdrawn": "withdrawn",
}

Suggestion = Literal["ask", "decide", "follow_up", "wait", "none"]
FILTERS: Final = ("open", "all", "due", "unclear", *STATES)

EDITABLE_FIELDS: Final = ("name", "profile_url", "message", "sent_at", "note", "reply")
# What a transition, a link or an edit reads of an invitation.
_INVITATION_COLUMNS: Final = ("direction", "name", "profile_url", "message", "sent_at", "state", "reply", "note",
                              "contact_id")

_TITLES: Final = frozenset({"dr", "prof", "mr", "mrs", "ms", "mx", "miss", "sir", "dame", "herr", "frau", "mme", "m"})


# ------------------------------------------------------------------------------------------------------ errors


class InvitationError(ValidationError):
    """Something asked of an invitation that cannot be done, with a sentence saying why (a ValueError)."""


class InvitationNotFound(InvitationError):
    """The invitation no longer exists."""


class TransitionError(InvitationError):
    """A move the state machine does not allow from the invitation's current state."""


# ----------------------------------------------------------------------------------------------- state machine


def allowed_transitions(direction: str, state: str) -> tuple[str, ...]:
    """The states an invitation of *direction* may move to from *state* (empty for final or unknown states)."""
    return TRANSITIONS.get(direction, {}).get(state, ())


def can_transition(direction: str, state: str, to_state: str) -> bool:
    return to_state in allowed_transitions(direction, state)


def state_label(direction: str, state: str) -> str:
    labels = OUTGOING_STATE_LABELS if direction == "outgoing" else STATE_LABELS
    return labels.get(state, state.replace("_", " ").capitalize())


def _join_or(words: Iterable[str]) -> str:
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


def _refusal(name: str, direction: str, state: str, to_state: str) -> str:
    """A plain sentence saying why *to_state* cannot follow *state*."""
    whose = f"{name}’s invitation" if name else "This invitation"
    if to_state not in STATES:
        return f"“{to_state}” is not a state an invitation can be in."
    if direction not in DIRECTIONS:
        return f"{whose} has no direction (incoming or outgoing), so its state cannot change."
    if state in FINAL_STATES:
        return f"{whose} was already {_VERBS[state]}; that is final."
    if state not in STATES:
        return f"{whose} is in an unknown state (“{state}”), so it cannot be {_VERBS[to_state]}."
    if direction == "outgoing" and to_state in ("asked", "replied", "ignored"):
        return f"{whose} is one you sent: it can only be accepted, declined or withdrawn."
    if direction == "incoming" and to_state == "withdrawn":
        return "Only an invitation you sent can be withdrawn; decline or ignore this one instead."
    if to_state == "replied" and state == "new":
        return "Ask “How may I help you?” first: there is no question for them to reply to yet."
    if to_state == "accepted" and state == "asked":
        return (
            "They have not answered “How may I help you?” yet: record their reply before accepting "
            "(or decline, or ignore)."
        )
    if to_state == "asked" and state == "replied":
        return "They have already replied: accept, decline or ignore the invitation."
    allowed = [_VERBS[s] for s in allowed_transitions(direction, state)]
    return f"{whose} is {state_label(direction, state).lower()}: it can be {_join_or(allowed)}, not {_VERBS[to_state]}."


# ---------------------------------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class TransitionResult:
    """What one transition did (what the inbox says next, and whether it offers an introduction call)."""

    invitation_id: int
    from_state: str
    to_state: str
    at: _dt.datetime
    event_id: int
    contact_id: int | None  # the contact the invitation is linked to afterwards
    contact_created: bool = False  # accepting created that contact
    offer_introduction: bool = False  # accepted, and the contact has no introduction call yet


@dataclass(frozen=True, slots=True)
class LinkResult:
    """What :func:`link_contact` did: the contact the invitation is linked to now, and whether it is new."""

    invitation_id: int
    contact_id: int
    contact_created: bool = False


@dataclass(frozen=True, slots=True)
class InvitationRow:
    """One invitation as the inbox shows it."""

    id: int
    direction: str
    name: str
    profile_url: str
    message: str
    sent_at: _dt.datetime | None
    state: str
    reply: str
    note: str
    contact_id: int | None
    contact_name: str
    state_changed_at: _dt.datetime | None
    unclear: bool  # an incoming message that doesn't say why (always False for outgoing)
    due: bool  # asked, and no reply after the follow-up delay
    days_waiting: int | None  # days in the current open state (new: since sent); None once final
    suggestion: Suggestion

    @property
    def display_name(self) -> str:
        return self.name or self.contact_name or self.profile_url

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def allowed(self) -> tuple[str, ...]:
        return allowed_transitions(self.direction, self.state)

    @property
    def state_label(self) -> str:
        return state_label(self.direction, self.state)


class InboxCounts(NamedTuple):
    new: int  # incoming invitations nobody has acted on
    due: int  # asked invitations awaiting a follow-up


@dataclass(frozen=True, slots=True)
class FollowUp:
    """An asked invitation with no reply after the follow-up delay."""

    invitation_id: int
    name: str
    contact_id: int | None
    asked_on: _dt.date
    due_on: _dt.date
    days_overdue: int  # 0 on the day it falls due


# ------------------------------------------------------------------------------------------ "unclear" messages

# LinkedIn's default invitation texts over the years and languages. Compared after the same normalisation as the
# message (case, accents, punctuation, greeting, signature and "on LinkedIn" all dropped).
DEFAULT_MESSAGES: Final = (
    "I'd like to add you to my professional network on LinkedIn.",
    "I'd like to join your LinkedIn network.",
    "I'd like to connect with you on LinkedIn.",
    "I would like to connect with you on LinkedIn.",
    "Please accept my invitation to connect on LinkedIn.",
    "I'd like to include you in my network.",
    "Ich möchte Sie gerne zu meinem beruflichen Netzwerk auf LinkedIn hinzufügen.",
    "Ich möchte dich gerne zu meinem beruflichen Netzwerk auf LinkedIn hinzufügen.",
    "Gerne möchte ich Sie zu meinem beruflichen Netzwerk auf LinkedIn hinzufügen.",
    "J'aimerais vous inviter à rejoindre mon réseau sur LinkedIn.",
    "J'aimerais vous ajouter à mon réseau professionnel sur LinkedIn.",
    "Je souhaiterais vous ajouter à mon réseau professionnel sur LinkedIn.",
    "Me gustaría añadirte a mi red profesional en LinkedIn.",
    "Me gustaría agregarte a mi red profesional de LinkedIn.",
    "Quisiera añadirte a mi red profesional en LinkedIn.",
    "Vorrei aggiungerti alla mia rete professionale su LinkedIn.",
    "Gostaria de adicioná-lo à minha rede profissional no LinkedIn.",
    "Gostaria de adicionar você à minha rede profissional no LinkedIn.",
    "Ik wil je graag toevoegen aan mijn professionele netwerk op LinkedIn.",
    "Graag voeg ik je toe aan mijn professionele netwerk op LinkedIn.",
)

GREETINGS: Final = frozenset(
    "hi hello hey hiya heya yo dear greetings hallo moin servus bonjour bonsoir salut coucou hola ciao "
    "buongiorno salve ola oi hoi beste liebe lieber sehr geehrte geehrter estimado estimada".split()
)
# Two-word greetings, folded: "Good morning Sam," is a greeting, not a reason.
_GREETING_PAIRS: Final = frozenset(
    {
        ("good", "morning"), ("good", "afternoon"), ("good", "evening"), ("good", "day"), ("guten", "tag"),
        ("guten", "morgen"), ("buenos", "dias"), ("buenas", "tardes"), ("bom", "dia"), ("boa", "tarde"),
        ("buona", "giornata"), ("goede", "morgen"), ("goedemorgen", "dag"),
    }
)
CLOSINGS: Final = frozenset(
    "best regards kind warm warmest thanks thank cheers sincerely yours br thx ty greetings gruss grusse lg vg mfg "
    "cordialement saludos saluti atentamente abracos".split()
)
# Words that carry no reason to connect: pronouns, "connect", "network", courtesy. In English, plus the words of
# the other languages' defaults, so their small variants ("…zu meinem Netzwerk hinzufügen") are caught too.
FILLER: Final = frozenset(
    (
        # English
        "i me my mine myself we us our you your yours would like love to add join connect connected connecting "
        "connection connections network networks networking professional professionals please accept invitation "
        "invite invited request let on in with and or the a an be been being of for here there hi hello hey dear "
        "greetings thanks thank great good nice happy glad could can will shall may might am is are was were it "
        "this that so just also too very really grow growing expand expanding each other together profile saw "
        "came come across how doing hope hoping well all everyone morning afternoon evening day regards best "
        "cheers kind warm sincerely look looking forward get stay keep touch want wanted wish do some more "
        "exchange ideas share sharing insights opportunities opportunity mutual mutually beneficial benefit "
        "include contact contacts linkedin there's whats what up new friend friends if as at by from "
        "have has not"
        # German
        " ich mochte sie dich du gerne gern zu meinem mein meinen netzwerk beruflichen berufliches hinzufugen "
        "vernetzen uns lass lassen wurde mich freuen kontakt auf mit als und hallo"
        # French
        " je j aimerais vous toi inviter a rejoindre mon reseau sur souhaiterais ajouter professionnel "
        "bonjour et de"
        # Spanish, Italian, Portuguese, Dutch
        " me gustaria anadirte agregarte mi red profesional en quisiera conectar contigo hola vorrei aggiungerti "
        "alla mia rete professionale su gostaria adiciona lo adicionar voce minha rede profissional no ik wil je "
        "graag toevoegen aan mijn professionele netwerk op voeg toe"
    ).split()
)

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "＇": "'"})
_PLACEHOLDER = re.compile(r"\[[^\]\n]{0,40}\]|\{[^}\n]{0,40}\}|<[^>\n]{0,40}>")
_CONTRACTIONS = (
    (re.compile(r"\b(i)'d\b", re.IGNORECASE), r"\1 would"),
    (re.compile(r"\b(i)'m\b", re.IGNORECASE), r"\1 am"),
    (re.compile(r"\b(let)'?s\b", re.IGNORECASE), r"\1 us"),
    (re.compile(r"'ll\b", re.IGNORECASE), " will"),
    (re.compile(r"'ve\b", re.IGNORECASE), " have"),
    (re.compile(r"'re\b", re.IGNORECASE), " are"),
    (re.compile(r"n't\b", re.IGNORECASE), " not"),
)
# Sentence and clause breaks; a dash only when it stands apart ("- Jordan", "great - thanks"), not in "e-mail".
_SEGMENT_BREAK = re.compile(r"[,.;:!?¡¿\n\r]+|(?:^|\s)[-–—~]+(?=\s|$)")
_WORD = re.compile(r"[^\W_]+")
_ON_LINKEDIN = re.compile(r"\b(?:on|auf|sur|en|de|su|no|na|op|in|at|via|bei)\s+linkedin\b")


def _fold(text: str) -> str:
    """Case and accents folded away: "Möchte" → "mochte"."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class _Token(NamedTuple):
    word: str  # as written
    key: str  # folded
    first: bool  # first word of its segment (so a capital letter says nothing)


@functools.lru_cache(maxsize=4096)  # an inbox repeats the same few default texts many times
def _segments(message: str) -> tuple[tuple[_Token, ...], ...]:
    text = unicodedata.normalize("NFKC", message).translate(_APOSTROPHES)
    text = _PLACEHOLDER.sub(" ", text)
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    out = []
    for part in _SEGMENT_BREAK.split(text):
        words = _WORD.findall(part)
        if words:
            out.append(tuple(_Token(w, _fold(w), i == 0) for i, w in enumerate(words)))
    return tuple(out)


def _is_name_like(token: _Token, names: frozenset[str]) -> bool:
    return token.key in names or (token.word[:1].isupper() and not token.first and token.key not in FILLER)


def _is_salutation(segment: tuple[_Token, ...], names: frozenset[str], more_follows: bool) -> bool:
    """ "Hi", "Hello Sam", "Dear Ms Lee" — or just "Sam" before the message proper ("Sam, let's connect")."""
    if segment[0].key in GREETINGS:
        return len(segment) <= 4
    if len(segment) >= 2 and (segment[0].key, segment[1].key) in _GREETING_PAIRS:
        return len(segment) <= 5
    if not more_follows or len(segment) > 3:
        return False
    return all(t.key in names or t.key in _TITLES or t.word[:1].isupper() for t in segment)


def _is_signature(segment: tuple[_Token, ...], names: frozenset[str], more_before: bool) -> bool:
    """ "Best, Jordan", "- Jordan Blake", "Thanks!" at the end."""
    if segment[0].key in CLOSINGS:
        return len(segment) <= 5
    if not more_before or len(segment) > 3:
        return False
    return all(t.key in names or t.word[:1].isupper() for t in segment)


def _names(name: str) -> frozenset[str]:
    return frozenset(_fold(w) for w in _WORD.findall(name))


def _message_words(message: str, names: frozenset[str]) -> tuple[list[_Token], bool]:
    """The words that carry the message (salutation and signature dropped), and whether it asks a question."""
    segments = _segments(message)
    if segments and _is_salutation(segments[0], names, len(segments) > 1):
        segments = segments[1:]
    if segments and _is_signature(segments[-1], names, len(segments) > 1):
        segments = segments[:-1]
    tokens = [t for segment in segments for t in segment]
    return tokens, "?" in message or "¿" in message


def normalise_message(message: str, name: str = "") -> str:
    """The message reduced to what is compared with LinkedIn's defaults: folded words, no greeting, no
    signature, no "on LinkedIn". *name* (the sender's) is dropped where it stands as a greeting or signature."""
    tokens, _ = _message_words(message, _names(name))
    return _canonical(tokens)


def _canonical(tokens: list[_Token]) -> str:
    text = _ON_LINKEDIN.sub(" ", " ".join(t.key for t in tokens))
    return " ".join(word for word in text.split() if word != "linkedin")


_DEFAULTS_NORMALISED: Final = frozenset(normalise_message(m) for m in DEFAULT_MESSAGES)


def is_unclear(message: str | None, name: str = "") -> bool:
    """Whether an invitation's message leaves open why they want to connect — so the inbox suggests asking.

    Unclear is: an empty message; one of LinkedIn's default texts (:data:`DEFAULT_MESSAGES`, any language listed,
    with or without greeting, name, signature or "on LinkedIn"); a message made only of greeting, names and
    courtesy words (:data:`FILLER`: "Hi Ann, let's connect!", "How are you?"); or two words or fewer that ask
    nothing ("Great talk!"). *name* is the sender's name, so that a lower-case signature is recognised too.
    """
    if not message or not message.strip():
        return True
    names = _names(name)
    tokens, question = _message_words(message, names)
    if not tokens:
        return True
    if _canonical(tokens) in _DEFAULTS_NORMALISED:
        return True
    content = [t for t in tokens if t.key not in FILLER and not _is_name_like(t, names)]
    if not content:
        return True
    return len(tokens) <= 2 and not question


# ------------------------------------------------------------------------------------------------ suggestions


def suggested_action(invitation: InvitationRow) -> Suggestion:
    """What the inbox proposes next: "ask" (an unclear new invitation), "decide" (accept or decline: a clear new
    one, or one they replied to), "follow_up" (asked, unanswered past the delay), "wait" (asked and not yet due,
    or one I sent), "none" (final)."""
    return _suggest(invitation.direction, invitation.state, invitation.unclear, invitation.due)


def _suggest(direction: str, state: str, unclear: bool, due: bool) -> Suggestion:
    if state in FINAL_STATES or state not in STATES:
        return "none"
    if direction == "outgoing":
        return "wait"
    if state == "new":
        return "ask" if unclear else "decide"
    if state == "asked":
        return "follow_up" if due else "wait"
    return "decide"


# ------------------------------------------------------------------------------------------------- templates


def first_name_for(invitation_id: int) -> str:
    """The person's first name: the linked contact's, else the first word of the invitation's name (skipping a
    title such as "Dr."); "" when there is no name at all."""
    row = current_database().execute_sql(
        "SELECT i.name, c.first_name FROM invitation i LEFT JOIN contact c ON c.id = i.contact_id WHERE i.id = ?",
        (invitation_id,),
    ).fetchone()
    if row is None:
        raise InvitationNotFound("This invitation no longer exists.")
    name, contact_first = row
    if contact_first and contact_first.strip():
        return str(contact_first).strip()
    return first_word_of_name(name or "")


def first_word_of_name(name: str) -> str:
    words = name.split()
    for word in words:
        if _fold(word).rstrip(".") not in _TITLES:
            return word.strip(",")
    return ""


def fill_template(template: str, first_name: str, name: str = "") -> str:
    """Fill ``{first_name}`` and ``{name}`` into *template*; an empty name leaves no stray space or comma
    behind ("Hi {first_name}, thanks" → "Hi, thanks"). Other braces are left as written."""
    text = template
    for placeholder, value in (("{first_name}", first_name.strip()), ("{name}", name.strip() or first_name.strip())):
        if value:
            text = text.replace(placeholder, value)
        else:
            text = re.sub(r"[ \t]*" + re.escape(placeholder), "", text)
            text = re.sub(r"(?m)^[ \t]*[,;:][ \t]*", "", text)  # "{first_name}, thanks" → "thanks"
    return text


def render_template(kind: str, invitation_id: int) -> str:
    """The reply template of *kind* ("ask" or "decline") for this invitation, the person's name filled in —
    ready for the clipboard."""
    template = settings.reply_template(kind)
    first = first_name_for(invitation_id)
    name = current_database().execute_sql("SELECT name FROM invitation WHERE id = ?", (invitation_id,)).fetchone()
    return fill_template(template, first, (name[0] if name else "") or "")


# ------------------------------------------------------------------------------------------------- mutations


def _check_direction(direction: str) -> None:
    if direction not in DIRECTIONS:
        raise InvitationError(f"An invitation is incoming or outgoing, not “{direction}”.")


def create_invitation(
    direction: str,
    name: str,
    profile_url: str = "",
    message: str = "",
    sent_at: _dt.datetime | _dt.date | None = None,
    note: str = "",
) -> int:
    """Enter an invitation by hand; returns its id. It starts as ``new`` and is linked to the contact with the
    same profile URL, if there is one (as an import would)."""
    _check_direction(direction)
    name = " ".join(name.split())
    url = normalize.profile_url(profile_url or "") or None
    if not name and not url:
        raise InvitationError("An invitation needs the person’s name or profile URL.")
    now = utcnow()
    with atomic():
        contact_id = None
        if url:
            found = current_database().execute_sql("SELECT id FROM contact WHERE profile_url = ?", (url,)).fetchone()
            contact_id = found[0] if found else None
        cursor = current_database().execute_sql(
            "INSERT INTO invitation (direction, name, profile_url, message, sent_at, state, reply, note, contact_id,"
            " state_changed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'new', '', ?, ?, ?, ?, ?)",
            (direction, name, url, message or "", _text(as_utc(sent_at)), note, contact_id, _text(now), _text(now),
             _text(now)),
        )
        return int(cursor.lastrowid)


def _text(value: _dt.datetime | None) -> str | None:
    """A timestamp in the text shape Peewee and the importer store."""
    return None if value is None else str(value)


def _load(invitation_id: int) -> dict[str, Any]:
    """The stored values of an invitation (:data:`_INVITATION_COLUMNS`); :class:`InvitationNotFound` if gone."""
    row = current_database().execute_sql(
        f"SELECT {', '.join(_INVITATION_COLUMNS)} FROM invitation WHERE id = ?", (invitation_id,)  # noqa: S608
    ).fetchone()
    if row is None:
        raise InvitationNotFound("This invitation no longer exists.")
    return dict(zip(_INVITATION_COLUMNS, row, strict=True))


def _update(table: str, row_id: int, values: Mapping[str, Any]) -> None:
    """Write *values* (column → stored value) into one row; *table* and the columns are this module's own."""
    assignments = ", ".join(f"{name} = ?" for name in values)
    current_database().execute_sql(
        f"UPDATE {table} SET {assignments} WHERE id = ?", (*values.values(), row_id)  # noqa: S608
    )


def delete_invitation(invitation_id: int) -> None:
    """Delete an invitation and its events."""
    with atomic():
        _load(invitation_id)
        # The events go with it (ON DELETE CASCADE).
        current_database().execute_sql("DELETE FROM invitation WHERE id = ?", (invitation_id,))


def edit_invitation(invitation_id: int, changes: Mapping[str, Any]) -> None:
    """Change what was entered (name, profile URL, message, date sent, note, reply) — not the state, which only
    :func:`transition` moves. Only values that really change are written (and then ``updated_at``)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvitationError(f"These invitation fields cannot be edited: {', '.join(sorted(unknown))}.")
    cleaned: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "profile_url":
            cleaned[key] = normalize.profile_url(value or "") or None
        elif key == "sent_at":
            if value in ("", None):
                cleaned[key] = None
            elif isinstance(value, str):
                cleaned[key] = normalize.parse_datetime(value)
                if cleaned[key] is None:
                    raise InvitationError(f"“{value}” is not a date and time.")
            else:
                cleaned[key] = as_utc(value)
        elif key == "name":
            cleaned[key] = " ".join(str(value or "").split())
        else:
            cleaned[key] = "" if value is None else str(value)
    with atomic():
        before = _load(invitation_id)
        name = cleaned.get("name", before["name"])
        url = cleaned.get("profile_url", before["profile_url"])
        if not name and not url:
            raise InvitationError("An invitation needs the person’s name or profile URL.")
        updates: dict[str, Any] = {}
        for key, value in cleaned.items():
            old = moment(before[key]) if key == "sent_at" else before[key]
            if old != value:
                updates[key] = _text(value) if key == "sent_at" else value
        if updates:
            updates["updated_at"] = _text(utcnow())
            _update("invitation", invitation_id, updates)


def _split_name(name: str) -> dict[str, str]:
    """Contact name fields from an invitation's "Dr. Ann Lee": first "Ann", last "Lee", display kept whole when
    a title had to be skipped."""
    name, suffix = normalize.split_credentials(name)  # "Ana Lima, CFA": the credentials have a field of their own
    words = name.split()
    if not words:
        return {}
    has_title = _fold(words[0]).rstrip(".") in _TITLES and len(words) > 1
    core = words[1:] if has_title else words
    out = {"first_name": core[0], "last_name": " ".join(core[1:])}
    if suffix:
        out["name_suffix"] = suffix
    if has_title:
        out["display_name"] = name
    return out


def _find_contact(invitation: Mapping[str, Any]) -> int | None:
    """The contact an invitation belongs to: its link, else the same profile URL (even in the trash), else the
    one active contact with exactly its name whose profile URL cannot contradict the invitation's."""
    db = current_database()
    linked = invitation.get("contact_id")
    if linked is not None and db.execute_sql("SELECT 1 FROM contact WHERE id = ?", (linked,)).fetchone():
        return int(linked)
    url = invitation.get("profile_url")
    if url:
        found = db.execute_sql("SELECT id FROM contact WHERE profile_url = ?", (url,)).fetchone()
        if found is not None:
            return int(found[0])
    name = " ".join((invitation.get("name") or "").split())
    if not name:
        return None
    candidates = db.execute_sql(
        "SELECT id, profile_url FROM contact WHERE deleted_at IS NULL AND full_name = ? COLLATE NOCASE",
        (name,),
    ).fetchall()
    if len(candidates) != 1:
        return None  # none, or namesakes: guessing would attach the invitation to the wrong person
    cid, contact_url = candidates[0]
    if url and contact_url and contact_url != url:
        return None
    return int(cid)


def _attach_contact(
    invitation: Mapping[str, Any], *, stage: str | None, promote_from: tuple[str, ...], at: _dt.datetime,
    connected: bool, new_contact_cadence: int | None = None,
) -> tuple[int, bool]:
    """Find or create the invitation's contact and bring it up to date; returns (contact id, created). A contact
    it creates gets *new_contact_cadence* (days) as its keep-in-touch cadence; a contact found keeps its own."""
    cid = _find_contact(invitation)
    url = invitation.get("profile_url")
    if cid is None:
        name = " ".join((invitation.get("name") or "").split())
        values: dict[str, Any] = {**_split_name(name), "source": "invitation", "stage": stage or "invited"}
        if not name and url:
            values["display_name"] = url
        if url:
            values["profile_url"] = url
        if connected:
            values["connected_on"] = at.date()
        if new_contact_cadence:
            values["cadence_days"] = new_contact_cadence
        return create_contact(values), True
    current_stage, connected_on, profile_url, deleted_at = current_database().execute_sql(
        "SELECT stage, connected_on, profile_url, deleted_at FROM contact WHERE id = ?", (cid,)
    ).fetchone()
    updates: dict[str, Any] = {}
    if stage is not None and current_stage != stage and (not promote_from or current_stage in promote_from):
        updates["stage"] = stage
    if connected and connected_on is None:
        updates["connected_on"] = at.date().isoformat()
    if url and profile_url is None:
        updates["profile_url"] = url
    if deleted_at is not None:
        updates["deleted_at"] = None  # accepting someone brings them back out of the trash
    if updates:
        updates["updated_at"] = _text(utcnow())
        _update("contact", cid, updates)
    return cid, False


def transition(
    invitation_id: int,
    to_state: str,
    note: str = "",
    reply: str | None = None,
    at: _dt.datetime | None = None,
    new_contact_cadence: int | None = None,
) -> TransitionResult:
    """Move an invitation to *to_state*, if the state machine allows it (else :class:`TransitionError`).

    *note* goes on the timestamped event; *reply* (their answer to "How may I help you?") replaces the stored
    reply and is required to move to ``replied``. *at* defaults to now. Accepting links or creates the contact
    (see the module docstring); a contact it creates gets *new_contact_cadence* (days, None or 0 for none) as
    its keep-in-touch cadence. One transaction.
    """
    at = as_utc(at) or utcnow()
    with atomic():
        before = _load(invitation_id)
        direction, state = before["direction"], before["state"]
        if not can_transition(direction, state, to_state):
            raise TransitionError(_refusal(before["name"] or "", direction, state, to_state))
        new_reply = before["reply"] if reply is None else reply.strip()
        if to_state == "replied" and not (new_reply or "").strip():
            raise TransitionError("Write down what they answered (their reasons) to mark the invitation replied.")
        contact_id = before["contact_id"]
        created = False
        offer = False
        if to_state == "accepted":
            contact_id, created = _attach_contact(
                before, stage="connected", promote_from=(), at=at, connected=True,
                new_contact_cadence=new_contact_cadence,
            )
            offer = not Introduction.select().where(Introduction.contact == contact_id).exists()
        _update(
            "invitation",
            invitation_id,
            {
                "state": to_state,
                "state_changed_at": _text(at),
                "reply": new_reply,
                "contact_id": contact_id,
                "updated_at": _text(utcnow()),
            },
        )
        event_id = InvitationEvent.insert(
            invitation=invitation_id, from_state=state, to_state=to_state, at=at, note=note or ""
        ).execute()
    return TransitionResult(
        invitation_id=invitation_id,
        from_state=state,
        to_state=to_state,
        at=at,
        event_id=int(event_id),
        contact_id=contact_id,
        contact_created=created,
        offer_introduction=offer,
    )


def follow_up(invitation_id: int, note: str = "", at: _dt.datetime | None = None) -> TransitionResult:
    """Record that I followed up on an unanswered "How may I help you?" (asked → asked; the follow-up clock
    starts again)."""
    return transition(invitation_id, "asked", note=note, at=at)


def link_contact(invitation_id: int, at: _dt.datetime | None = None) -> LinkResult:
    """Give an open invitation its contact *before* deciding — so an introduction call can be scheduled with the
    person first (an introduction needs a contact). Finds the contact as accepting does (its current link first),
    else creates one in stage ``invited``; a ``prospect`` moves to ``invited``; no other stage changes; a missing
    profile URL is filled in and a trashed contact comes back."""
    at = as_utc(at) or utcnow()
    with atomic():
        before = _load(invitation_id)
        contact_id, created = _attach_contact(
            before, stage="invited", promote_from=("prospect",), at=at, connected=False
        )
        if before["contact_id"] != contact_id:
            _update("invitation", invitation_id, {"contact_id": contact_id, "updated_at": _text(utcnow())})
    return LinkResult(invitation_id=invitation_id, contact_id=contact_id, contact_created=created)


# --------------------------------------------------------------------------------------------------- queries

_ROW_SQL = (
    "SELECT i.id, i.direction, i.name, coalesce(i.profile_url, ''), i.message, i.sent_at, i.state, i.reply, i.note,"
    " i.contact_id, coalesce(c.full_name, ''), i.state_changed_at, i.created_at"
    " FROM invitation i LEFT JOIN contact c ON c.id = i.contact_id"
)


def _today(today: _dt.date | None) -> _dt.date:
    return today if today is not None else _dt.date.today()


def _build_row(raw: tuple[Any, ...], today: _dt.date, delay: int) -> InvitationRow:
    (iid, direction, name, url, message, sent_at, state, reply, note, contact_id, contact_name, changed,
     created) = raw
    sent = moment(sent_at)
    changed_at = moment(changed)
    unclear = direction == "incoming" and is_unclear(message, name or contact_name)
    due = False
    waiting: int | None = None
    if state == "new":
        since = day(sent_at) or day(created)
        waiting = (today - since).days if since else None
    elif state in OPEN_STATES and changed_at is not None:
        waiting = (today - changed_at.date()).days
        due = state == "asked" and waiting >= delay
    return InvitationRow(
        id=iid,
        direction=direction,
        name=name or "",
        profile_url=url,
        message=message or "",
        sent_at=sent,
        state=state,
        reply=reply or "",
        note=note or "",
        contact_id=contact_id,
        contact_name=contact_name,
        state_changed_at=changed_at,
        unclear=unclear,
        due=due,
        days_waiting=waiting,
        suggestion=_suggest(direction, state, unclear, due),
    )


def _matches(row: InvitationRow, words: list[str]) -> bool:
    haystack = _fold(" ".join((row.name, row.contact_name, row.profile_url, row.message, row.reply, row.note)))
    return all(word in haystack for word in words)


def list_invitations(
    filter: str = "open",  # noqa: A002 - the word the inbox uses
    search: str = "",
    *,
    direction: str | None = None,
    today: _dt.date | None = None,
) -> list[InvitationRow]:
    """The inbox: invitations matching *filter* and every word of *search* (name, URL, message, reply, note; case
    and accents ignored), optionally of one *direction*.

    *filter*: ``open`` (new, asked, replied), ``all``, a state name, ``due`` (asked, no reply past the follow-up
    delay; most overdue first) or ``unclear`` (new incoming invitations whose message doesn't say why: the ones
    to ask "How may I help you?"). Other lists are newest first (by date sent).
    """
    if filter not in FILTERS:
        raise InvitationError(f"Unknown inbox filter “{filter}”.")
    if direction is not None:
        _check_direction(direction)
    today = _today(today)
    delay = settings.follow_up_days()
    where: list[str] = []
    params: list[Any] = []
    order = "coalesce(i.sent_at, i.created_at) DESC, i.id DESC"
    if filter == "open":
        where.append(f"i.state IN ({', '.join('?' * len(OPEN_STATES))})")
        params.extend(OPEN_STATES)
    elif filter == "unclear":
        where.append("i.state = 'new' AND i.direction = 'incoming'")
    elif filter == "due":
        where.append("i.state = 'asked' AND date(i.state_changed_at) <= ?")
        params.append((today - _dt.timedelta(days=delay)).isoformat())
        order = "i.state_changed_at ASC, i.id ASC"
    elif filter != "all":
        where.append("i.state = ?")
        params.append(filter)
    if direction is not None:
        where.append("i.direction = ?")
        params.append(direction)
    sql = _ROW_SQL + (f" WHERE {' AND '.join(where)}" if where else "") + f" ORDER BY {order}"
    rows = [_build_row(raw, today, delay) for raw in current_database().execute_sql(sql, params)]
    if filter == "unclear":
        rows = [row for row in rows if row.unclear]
    words = [_fold(w) for w in search.split()]
    if words:
        rows = [row for row in rows if _matches(row, words)]
    return rows


def get_invitation(invitation_id: int, today: _dt.date | None = None) -> InvitationRow:
    raw = current_database().execute_sql(_ROW_SQL + " WHERE i.id = ?", (invitation_id,)).fetchone()
    if raw is None:
        raise InvitationNotFound("This invitation no longer exists.")
    return _build_row(raw, _today(today), settings.follow_up_days())


def invitation_events(invitation_id: int) -> list[tuple[str, str, _dt.datetime | None, str]]:
    """The timestamped transitions of an invitation, oldest first: (from state, to state, at, note)."""
    rows = current_database().execute_sql(
        "SELECT from_state, to_state, at, note FROM invitation_event WHERE invitation_id = ? ORDER BY at, id",
        (invitation_id,),
    )
    return [(f, t, moment(a), n) for f, t, a, n in rows]


def inbox_counts(today: _dt.date | None = None) -> InboxCounts:
    """For the navigation badge: (new incoming invitations, asked ones due for a follow-up). One query."""
    cutoff = (_today(today) - _dt.timedelta(days=settings.follow_up_days())).isoformat()
    new, due = current_database().execute_sql(
        "SELECT coalesce(sum(direction = 'incoming' AND state = 'new'), 0),"
        " coalesce(sum(state = 'asked' AND date(state_changed_at) <= ?), 0) FROM invitation",
        (cutoff,),
    ).fetchone()
    return InboxCounts(int(new), int(due))


def due_follow_ups(today: _dt.date | None = None) -> list[FollowUp]:
    """Asked invitations with no reply for at least the follow-up delay (setting ``follow_up_days``), most
    overdue first. Asking on day D with a delay of N makes it due on D + N."""
    today = _today(today)
    delay = settings.follow_up_days()
    rows = current_database().execute_sql(
        "SELECT i.id, i.name, coalesce(c.full_name, ''), coalesce(i.profile_url, ''), i.contact_id,"
        " i.state_changed_at FROM invitation i LEFT JOIN contact c ON c.id = i.contact_id"
        " WHERE i.state = 'asked' AND date(i.state_changed_at) <= ? ORDER BY i.state_changed_at, i.id",
        ((today - _dt.timedelta(days=delay)).isoformat(),),
    )
    out = []
    for iid, name, contact_name, url, contact_id, changed in rows:
        asked_on = day(changed)
        if asked_on is None:
            continue
        due_on = asked_on + _dt.timedelta(days=delay)
        out.append(FollowUp(iid, name or contact_name or url, contact_id, asked_on, due_on, (today - due_on).days))
    return out


__all__ = [
    "DEFAULT_MESSAGES",
    "DIRECTIONS",
    "FILTERS",
    "FINAL_STATES",
    "OPEN_STATES",
    "STATES",
    "STATE_LABELS",
    "TRANSITIONS",
    "FollowUp",
    "InboxCounts",
    "InvitationError",
    "InvitationNotFound",
    "InvitationRow",
    "LinkResult",
    "TransitionError",
    "TransitionResult",
    "allowed_transitions",
    "can_transition",
    "create_invitation",
    "delete_invitation",
    "due_follow_ups",
    "edit_invitation",
    "fill_template",
    "first_name_for",
    "follow_up",
    "get_invitation",
    "inbox_counts",
    "invitation_events",
    "is_unclear",
    "link_contact",
    "list_invitations",
    "normalise_message",
    "render_template",
    "state_label",
    "suggested_action",
    "transition",
]
