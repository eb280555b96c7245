"""A measurable picture of the network's quality: "are you creating a database or developing a network?"

Every measure is computed in a fixed number of queries whatever the size of the network, and each comes with the
one sentence the Insights page and ``linkorganizer stats --json`` explain it with (:data:`EXPLANATIONS`).

- *Active*: a contact (not in the trash) with an interaction in the last :data:`ACTIVE_DAYS` days (up to today).
- *Clutter*: a contact with nothing that makes them a relationship — no notes (nor "how I can help them / how they
  can help me"), no interaction, no goal, no introduction call.
- *Reciprocity*: help, referrals and recommendations given against received (interactions by kind), in all and
  per goal (the interactions with the goal's members).
- *Invitation decisions*: incoming invitations accepted, declined, still open; how many were asked "How may I help
  you?", and the share whose message said nothing clear.
- *Calls per week*: introduction calls held in each of the last 8 ISO weeks, against the weekly goal.
- *Goal coverage*: per goal, the role slots filled against the places needed.
- *Keep-in-touch health*: of the contacts with a cadence, those on time, due today and overdue.
- *Growth*: contacts by the month they connected, split into active and clutter.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass, field
from typing import Any, Final

from linkorganizer.core import contacts, interactions, introductions, invitations, settings
from linkorganizer.db import current_database

ACTIVE_DAYS: Final = contacts.ACTIVE_DAYS

EXPLANATIONS: Final[dict[str, str]] = {
    "active": f"People you were in touch with in the last {ACTIVE_DAYS} days: your active relationships.",
    "clutter": "People with no notes, no interaction, no goal and no introduction call: names, not relationships.",
    "reciprocity": "Help, referrals and recommendations you gave against those you received.",
    "invitations": "What became of the invitations you received, and how many said clearly what they wanted.",
    "calls": "Introduction calls held each week against your weekly goal.",
    "coverage": "For each goal, the role places filled by people against the places it needs.",
    "keep_in_touch": "Of the people you mean to stay in touch with: on time, due today, overdue.",
    "growth": "People by the month you connected, active and clutter.",
}


@dataclass(frozen=True)
class GoalInsight:
    id: int
    name: str
    filled: int  # role places filled
    needed: int  # role places the goal asks for
    members: int
    given: int
    received: int


@dataclass
class Insights:
    today: _dt.date
    contacts: int = 0
    active: int = 0
    clutter: int = 0
    given: int = 0
    received: int = 0
    invitations_received: int = 0
    accepted: int = 0
    declined: int = 0
    open: int = 0
    asked: int = 0
    unclear: int = 0
    calls_per_week: list[tuple[_dt.date, int]] = field(default_factory=list)
    weekly_call_goal: int = 0
    goals: list[GoalInsight] = field(default_factory=list)
    on_time: int = 0
    due_today: int = 0
    overdue: int = 0
    growth: list[tuple[str, int, int]] = field(default_factory=list)  # (YYYY-MM, active, clutter)
    connected_per_month: dict[str, int] = field(default_factory=dict)  # everyone, by YYYY-MM connected

    @property
    def unclear_share(self) -> float:
        return self.unclear / self.invitations_received if self.invitations_received else 0.0

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["today"] = self.today.isoformat()
        data["calls_per_week"] = [{"week": w.isoformat(), "held": n} for w, n in self.calls_per_week]
        data["growth"] = [{"month": m, "active": a, "clutter": c} for m, a, c in self.growth]
        data["unclear_share"] = round(self.unclear_share, 3)
        data["explanations"] = dict(EXPLANATIONS)
        return data


# Per contact (not in the trash): active, clutter and the month connected — one pass over the contacts.
_PER_CONTACT = f"""
SELECT c.id, {contacts.ACTIVE_SQL} AS active, {contacts.CLUTTER_SQL} AS clutter, substr(c.connected_on, 1, 7) AS month
FROM contact c WHERE c.deleted_at IS NULL
"""


def _flows() -> tuple[str, str, tuple[str, ...]]:
    gives = ", ".join("?" * len(interactions.GIVE_KINDS))
    receives = ", ".join("?" * len(interactions.RECEIVE_KINDS))
    return gives, receives, (*interactions.GIVE_KINDS, *interactions.RECEIVE_KINDS)


def compute(today: _dt.date | None = None) -> Insights:
    """Every measure as of *today* (UTC days, like the rest of the app)."""
    today = today or _dt.datetime.now(_dt.UTC).date()
    db = current_database()
    result = Insights(today)
    growth: dict[str, list[int]] = {}
    for _cid, active, clutter, month in db.execute_sql(_PER_CONTACT, contacts.active_params(today)):
        result.contacts += 1
        result.active += bool(active)
        result.clutter += bool(clutter)
        if month:
            counts = growth.setdefault(month, [0, 0])
            counts[0] += bool(active)
            counts[1] += bool(clutter)
            result.connected_per_month[month] = result.connected_per_month.get(month, 0) + 1
    result.growth = [(month, a, c) for month, (a, c) in sorted(growth.items())]

    gives, receives, kinds = _flows()
    given, received = db.execute_sql(
        f"""SELECT coalesce(sum(i.kind IN ({gives})), 0), coalesce(sum(i.kind IN ({receives})), 0)
            FROM interaction i JOIN contact c ON c.id = i.contact_id WHERE c.deleted_at IS NULL""",
        kinds,
    ).fetchone()
    result.given, result.received = int(given), int(received)

    for state, message, name, was_asked in db.execute_sql(
        """SELECT v.state, v.message, v.name,
                  v.state = 'asked' OR EXISTS (SELECT 1 FROM invitation_event e WHERE e.invitation_id = v.id
                                                AND e.to_state = 'asked')
           FROM invitation v WHERE v.direction = 'incoming'"""
    ):
        result.invitations_received += 1
        result.accepted += state == "accepted"
        result.declined += state == "declined"
        result.open += state in invitations.OPEN_STATES
        result.asked += bool(was_asked)
        result.unclear += invitations.is_unclear(message, name)

    result.calls_per_week = introductions.weekly_counts(today)
    result.weekly_call_goal = settings.weekly_call_goal()

    slots = {
        gid: (int(needed or 0), int(filled or 0))
        for gid, needed, filled in db.execute_sql(
            """SELECT s.group_id, sum(s.needed),
                      sum((SELECT min(count(*), s.needed) FROM membership m JOIN contact c ON c.id = m.contact_id
                           WHERE m.slot_id = s.id AND c.deleted_at IS NULL))
               FROM group_slot s GROUP BY s.group_id"""
        )
    }
    for gid, name, members, g_given, g_received in db.execute_sql(
        f"""SELECT g.id, g.name,
                   (SELECT count(*) FROM membership m JOIN contact c ON c.id = m.contact_id
                    WHERE m.group_id = g.id AND c.deleted_at IS NULL),
                   (SELECT count(*) FROM interaction i JOIN membership m ON m.contact_id = i.contact_id
                    WHERE m.group_id = g.id AND i.kind IN ({gives})),
                   (SELECT count(*) FROM interaction i JOIN membership m ON m.contact_id = i.contact_id
                    WHERE m.group_id = g.id AND i.kind IN ({receives}))
            FROM goal_group g ORDER BY g.position, g.id""",
        kinds,
    ):
        needed, filled = slots.get(gid, (0, 0))
        result.goals.append(GoalInsight(gid, name, filled, needed, int(members), int(g_given), int(g_received)))

    cadenced = int(
        db.execute_sql(
            "SELECT count(*) FROM contact WHERE deleted_at IS NULL AND cadence_days IS NOT NULL"
        ).fetchone()[0]
    )
    due = interactions.due_contacts(today)
    result.due_today = sum(1 for item in due if item.days_overdue == 0)
    result.overdue = sum(1 for item in due if item.days_overdue > 0)
    result.on_time = cadenced - result.due_today - result.overdue
    return result
