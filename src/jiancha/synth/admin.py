"""Administrative supervision (行政检察) in the synthetic jurisdiction: the registers its
models read (marriage registrations, licences, compulsory drug rehabilitation, market
entities), the payment and enforcement of administrative fines, and one planted anomaly per
administrative model. The lawful look-alikes are in :mod:`jiancha.synth.lookalikes.admin`.

The registers belong to the general population (new people), so that a register row can only
touch a model where a planted story puts it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from jiancha.periods import STATE_COUNCIL, add_months
from jiancha.synth import reference as ref
from jiancha.synth.people import Org, Person
from jiancha.synth.prison import PrisonRows, Sentence, build_prison, direct_sentence
from jiancha.synth.society import admin_penalty
from jiancha.synth.world import Row, World

D = timedelta
Planter = Callable[[World], None]

# 行政诉讼法 art. 46: six months to sue from the decision (its service, here the same day)
APPEAL_MONTHS = 6
ENFORCEMENT_MONTHS = 3  # 行政强制法 art. 53
MAN_AGE, WOMAN_AGE = 22, 20  # 民法典 art. 1047


# -- fines ---------------------------------------------------------------------------------
def enforcement_window_end(period_start: date) -> date:
    """The last day to apply to the court (行政强制法 art. 53), holidays moving it on."""
    return STATE_COUNCIL.next_working_day(add_months(period_start, ENFORCEMENT_MONTHS))


def fine(
    world: World,
    party: Person,
    decided: date,
    *,
    agency: str = "市场监督管理局",
    unit: str | None = None,
) -> Row:
    """An administrative fine on a person, with its appeal deadline and nothing paid yet."""
    row = admin_penalty(
        world, party, field="market", violation="other", agency=agency, decided=decided, unit=unit
    )
    row["amount_yuan"] = float(world.rng.randint(5, 200) * 100)
    row["appeal_deadline"] = add_months(decided, APPEAL_MONTHS)
    return row


def annotate_fines(world: World) -> None:
    """Payment and enforcement of the clean fines: paid within the fifteen days (行政处罚法
    art. 67), or sent to the court well within the three months; a fine whose period is still
    open may be unpaid. About one fine in three has no such data (NULL: unknown)."""
    rng = world.rng
    for row in world.rows["admin_penalty"]:
        decided = row["decided_at"]
        if not isinstance(decided, date) or rng.random() < 0.35:
            continue
        deadline = add_months(decided, APPEAL_MONTHS)
        end = enforcement_window_end(deadline)
        paid = decided + D(rng.randint(3, 14))
        row["appeal_deadline"] = deadline
        if rng.random() < 0.8 and world.past(paid):
            row["paid_at"] = paid
        elif end + D(10) < world.as_of:
            row["court_enforcement_applied_at"] = end - D(rng.randint(5, 60))
            court_enforces(world, row)
        elif end <= world.as_of + D(10):
            row["paid_at"] = world.past(paid)  # too close to call: paid


def court_enforces(world: World, row: Row) -> None:
    """The court's side of a clean application, with no random draw (so that the rows after it
    keep theirs): filed within the five days (行政强制法 art. 56), granted within the seven
    (art. 57), closed well within the three months of 审限规定 art. 5, or still open on as_of.
    Some exports have no filing date (odd decision days)."""
    applied, decided = row["court_enforcement_applied_at"], row["decided_at"]
    assert isinstance(applied, date) and isinstance(decided, date)
    filed = applied + D(2 + decided.toordinal() % 4)
    if decided.toordinal() % 2 == 0:
        row["court_enforcement_filed_at"] = world.past(filed)
    ruled = world.past(filed + D(3 + decided.toordinal() % 5))
    if ruled is None:
        return
    row["court_enforcement_ruling"], row["court_enforcement_ruled_at"] = "granted", ruled
    row["court_enforcement_closed_at"] = world.past(filed + D(20 + decided.toordinal() % 60))


def granted_enforcement(world: World, *, months_ago: int, extended: int = 0) -> tuple[Person, Row]:
    """An unpaid fine sent to the court in time and granted enforcement: the court's case was
    filed about ``months_ago`` months before as_of (never paid, never closed here)."""
    rng = world.rng
    person = world.people.person(age=(25, 60))
    filed = add_months(world.as_of, -months_ago) - D(rng.randint(0, 25))
    applied = filed - D(rng.randint(1, 5))
    decided = add_months(applied - D(rng.randint(5, 60)), -APPEAL_MONTHS)
    row = fine(world, person, decided)
    row["court_enforcement_applied_at"] = applied
    row["court_enforcement_filed_at"] = filed
    row["court_enforcement_ruling"] = "granted"
    row["court_enforcement_ruled_at"] = filed + D(rng.randint(1, 7))
    row["court_enforcement_extended_months"] = extended or None
    return person, row


def court_enforcement_not_executed(world: World) -> None:
    rng = world.rng
    extended = rng.choice((0, 0, 0, 3))
    person, row = granted_enforcement(
        world, months_ago=rng.randint(4 + extended, 30), extended=extended
    )
    if rng.random() < 0.3:  # the export has the ruling but not the filing date
        row["court_enforcement_filed_at"] = None
    world.plant(
        "admin.court_enforcement_not_executed", row, [("admin_penalty", row)], subject=person
    )


def fine_not_sent_to_court(world: World) -> None:
    person = world.people.person(age=(25, 60))
    decided = world.recent(320, 1500)
    row = fine(world, person, decided)
    end = enforcement_window_end(add_months(decided, APPEAL_MONTHS))
    if world.rng.random() < 0.4:
        row["court_enforcement_applied_at"] = world.past(end + D(world.rng.randint(5, 40)))
    world.plant("admin.fine_not_sent_to_court", row, [("admin_penalty", row)], subject=person)


# -- marriages -----------------------------------------------------------------------------
def registry(unit: str) -> str:
    return f"漳州市{ref.DISTRICTS[unit]}民政局"


def marriage(world: World, man: Person, woman: Person, day: date, kind: str = "marriage") -> Row:
    unit = world.unit()
    return world.add(
        "marriage_register",
        unit,
        None,
        kind=kind,
        registered_at=day,
        man_name=man.name,
        man_id_number=man.id_number,
        man_birth_date=man.birth,
        woman_name=woman.name,
        woman_id_number=woman.id_number,
        woman_birth_date=woman.birth,
        registry=registry(unit),
    )


def couple(world: World, day: date) -> tuple[Person, Person]:
    """A man and a woman comfortably of marriageable age on ``day``."""
    man = world.people.person(age=(MAN_AGE + 1, 55), gender="M", at=day)
    woman = world.people.person(age=(WOMAN_AGE + 1, 50), gender="F", at=day)
    return man, woman


def marriages(world: World, n: int) -> None:
    """Clean registrations: couples of age, some later divorced, some of those remarried."""
    rng = world.rng
    for _ in range(n):
        day = world.day_between(world.start, world.as_of - D(1))
        man, woman = couple(world, day)
        marriage(world, man, woman, day)
        if rng.random() < 0.2:
            divorced = world.past(day + D(rng.randint(200, 1500)))
            if divorced is None:
                continue
            marriage(world, man, woman, divorced, "divorce")
            again = world.past(divorced + D(rng.randint(30, 600)))
            if again is not None and rng.random() < 0.5:
                marriage(world, man, couple(world, again)[1], again)


def death(world: World, person: Person, died: date) -> Row:
    return world.add(
        "death_record", None, person, name=person.name, id_number=person.id_number, died_at=died
    )


def marriage_party_dead(world: World) -> None:
    day = world.recent(30, 1800)
    man, woman = couple(world, day)
    dead = world.rng.choice((man, woman))
    kind = "marriage" if world.rng.random() < 0.7 else "divorce"
    row = marriage(world, man, woman, day, kind)
    record = death(world, dead, day - D(world.rng.randint(2, 400)))
    world.plant(
        "admin.marriage_party_dead",
        row,
        [("marriage_register", row), ("death_record", record)],
        subject=dead,
    )


def prisoner_story(
    world: World,
    admitted: date,
    term: int = 84,
    charge: ref.Charge | None = None,
    person: Person | None = None,
) -> tuple[Sentence, PrisonRows]:
    """A prisoner (of a drug sale unless ``charge``) admitted on ``admitted`` with no change of
    the sentence, released the day after its end."""
    person = person or world.people.person(age=(25, 50), at=admitted)
    charge = charge or ref.CHARGE_BY_NAME["贩卖毒品罪"]
    s = direct_sentence(world, person, charge, term, admitted)
    return s, build_prison(world, s, [])


def spouse_of(world: World, person: Person, day: date) -> Person:
    gender = "F" if person.gender == "M" else "M"
    low = WOMAN_AGE + 1 if gender == "F" else MAN_AGE + 1
    return world.people.person(age=(low, 50), gender=gender, at=day)


def as_couple(person: Person, spouse: Person) -> tuple[Person, Person]:
    return (person, spouse) if person.gender == "M" else (spouse, person)


def marriage_party_in_prison(world: World) -> None:
    admitted = add_months(world.as_of, -world.rng.randint(30, 50))
    s, prison = prisoner_story(world, admitted)
    assert prison.prisoner is not None
    day = admitted + D(world.rng.randint(30, 600))
    kind = "marriage" if world.rng.random() < 0.6 else "divorce"
    row = marriage(world, *as_couple(s.person, spouse_of(world, s.person, day)), day, kind)
    world.plant(
        "admin.marriage_party_in_prison",
        row,
        [("marriage_register", row), ("prisoner", prison.prisoner)],
        subject=s.person,
    )


def marriage_underage(world: World) -> None:
    day = world.recent(30, 1800)
    if world.rng.random() < 0.5:
        # 21 years and 5–360 days old: under 22 by at least a few days
        young = world.people.person(age=(MAN_AGE - 1, MAN_AGE - 1), gender="M", at=day)
        man, woman = young, world.people.person(age=(WOMAN_AGE + 1, 30), gender="F", at=day)
    else:
        young = world.people.person(age=(WOMAN_AGE - 1, WOMAN_AGE - 1), gender="F", at=day)
        man, woman = world.people.person(age=(MAN_AGE + 1, 35), gender="M", at=day), young
    row = marriage(world, man, woman, day)
    world.plant("admin.marriage_underage", row, [("marriage_register", row)], subject=young)


def marriage_id_reused(world: World) -> None:
    first = world.day_between(world.start, world.as_of - D(800))
    man, woman = couple(world, first)
    earlier = marriage(world, man, woman, first)
    second = world.past(first + D(world.rng.randint(200, 700)))
    assert second is not None
    row = marriage(world, man, spouse_of(world, man, second), second)
    world.plant(
        "admin.marriage_id_reused",
        row,
        [("marriage_register", row), ("marriage_register", earlier)],
        subject=man,
    )


# -- compulsory drug rehabilitation --------------------------------------------------------
def police_agency(unit: str) -> str:
    return f"漳州市公安局{ref.DISTRICTS[unit]}分局"


def rehab(
    world: World,
    person: Person,
    decided: date,
    delivered: date | None,
    *,
    revoked: date | None = None,
) -> Row:
    """A 强制隔离戒毒 decision; released two years after delivery (禁毒法 art. 47)."""
    unit = world.unit()
    released = add_months(delivered, 24) if delivered else None
    return world.add(
        "rehab_decision",
        unit,
        person,
        name=person.name,
        id_number=person.id_number,
        decided_at=decided,
        delivered_at=world.past(delivered),
        released_at=world.past(released),
        revoked_at=revoked,
        agency=police_agency(unit),
    )


def rehab_decisions(world: World, n: int) -> None:
    """Clean decisions: delivered to the centre within a few days."""
    for _ in range(n):
        decided = world.day_between(world.start, world.as_of - D(1))
        person = world.people.person(age=(20, 50), at=decided)
        rehab(world, person, decided, world.past(decided + D(world.rng.randint(0, 5))))


def rehab_not_delivered(world: World) -> None:
    person = world.people.person(age=(20, 50))
    decided = world.recent(60, 1500)
    late = decided + D(30 + world.rng.randint(10, 200))
    row = rehab(world, person, decided, world.past(late) if world.rng.random() < 0.3 else None)
    world.plant("admin.rehab_not_delivered", row, [("rehab_decision", row)], subject=person)


def rehab_unserved_after_prison(world: World) -> None:
    admitted = add_months(world.as_of, -world.rng.randint(40, 60))
    s, prison = prisoner_story(world, admitted, term=36)
    assert prison.prisoner is not None
    row = rehab(world, s.person, admitted + D(world.rng.randint(20, 300)), None)
    world.plant(
        "admin.rehab_unserved_after_prison",
        row,
        [("rehab_decision", row), ("prisoner", prison.prisoner)],
        subject=s.person,
    )


# -- licences --------------------------------------------------------------------------------
LICENCE_AGENCIES: dict[str, str] = {
    "driving": "漳州市公安局交通警察支队",
    "ride_hailing": "漳州市交通运输局",
    "teacher": "漳州市教育局",
    "physician": "漳州市卫生健康委员会",
}
# 交通肇事罪 is not among the clean charges: its judgments come only from these stories, all
# with one term, so that the sentence band of the charge stays a single value.
TRAFFIC = ref.Charge("交通肇事罪", "交通肇事", "other", "fixed_term", (36,), False, None, None, 0)


def licence(
    world: World,
    person: Person,
    kind: str,
    issued: date,
    *,
    status: str = "valid",
    revoked: date | None = None,
) -> Row:
    return world.add(
        "licence_register",
        world.unit(),
        person,
        holder_name=person.name,
        holder_id_number=person.id_number,
        kind=kind,
        licence_no=f"{kind[:1].upper()}{world.rng.randint(10**9, 10**10 - 1)}",
        status=status,
        issued_at=issued,
        revoked_at=revoked,
        agency=LICENCE_AGENCIES[kind],
    )


def licences(world: World, n: int) -> None:
    """Clean licences of the general population: drivers, and a few ride-hailing drivers,
    teachers and physicians; some expired or cancelled with their dates."""
    rng = world.rng
    kinds = ("driving",) * 6 + ("ride_hailing", "teacher", "physician")
    for _ in range(n):
        person = world.people.person(age=(22, 60))
        kind = rng.choice(kinds)
        issued = world.day_between(world.start - D(3650), world.as_of - D(1))
        if rng.random() < 0.1:
            ended = world.past(issued + D(rng.randint(100, 2000)))
            if ended is not None:
                licence(world, person, kind, issued, status="cancelled", revoked=ended)
                continue
        licence(world, person, kind, issued)


def convicted_drivers(world: World) -> None:
    """Drivers convicted of 危险驾驶 in the clean world: the licence revoked days after the
    offence (道交法 art. 91 ¶2)."""
    for row in list(world.rows["judgment"]):
        offense = row.get("offense_at")
        if row.get("charge") != "危险驾驶罪" or not isinstance(offense, date):
            continue
        if world.rng.random() < 0.4 and isinstance(row.get("defendant_id_number"), str):
            person = _person_of(row)
            issued = offense - D(world.rng.randint(400, 4000))
            revoked = offense + D(world.rng.randint(0, 10))
            licence(world, person, "driving", issued, status="revoked", revoked=revoked)


def _person_of(judgment: Row) -> Person:
    """A stand-in Person for a judgment's defendant (name and id number are what rows use)."""
    number = str(judgment["defendant_id_number"])
    born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    return Person(
        idx=int(str(judgment.get("_person", -1))),
        name=str(judgment["defendant_name"]),
        gender="M" if int(number[16]) % 2 else "F",
        birth=born,
        region=number[:6],
        id_number=number,
        phone="",
        address="",
    )


def drink_driving_sentence(world: World, offense: date) -> tuple[Person, Row]:
    """A 危险驾驶 (drink) judgment of criminal detention, as the clean world writes them."""
    person = world.people.person(age=(25, 55), at=offense)
    charge = ref.CHARGE_BY_NAME["危险驾驶罪"]
    s = direct_sentence(world, person, charge, world.rng.choice(charge.terms), offense + D(40))
    s.judgment["penalty"] = "criminal_detention"
    s.judgment["offense_at"] = offense
    return person, s.judgment


def drunk_driving_licence_valid(world: World) -> None:
    offense = world.recent(200, 1500)
    person, judgment = drink_driving_sentence(world, offense)
    if world.rng.random() < 0.6:
        row = licence(world, person, "driving", offense - D(world.rng.randint(400, 4000)))
    else:  # a new licence within the five years
        row = licence(
            world,
            person,
            "driving",
            world.past(offense + D(world.rng.randint(200, 900))) or offense + D(200),
        )
    world.plant(
        "admin.drunk_driving_licence_valid",
        row,
        [("licence_register", row), ("judgment", judgment)],
        subject=person,
    )


def traffic_sentence(world: World, fled: bool) -> tuple[Sentence, PrisonRows]:
    admitted = add_months(world.as_of, -world.rng.randint(40, 70))
    s, prison = prisoner_story(world, admitted, term=36, charge=TRAFFIC)
    s.judgment["full_text"] = f"被告人{s.person.name}驾驶小型轿车与行人发生碰撞，致一人死亡，" + (
        "肇事后驾车逃逸。" if fled else "事故发生后未逃逸，并主动报警。"
    )
    return s, prison


def traffic_crime_licence(world: World) -> None:
    fled = world.rng.random() < 0.6
    s, prison = traffic_sentence(world, fled)
    offense, released = s.judgment["offense_at"], prison.prisoner and prison.prisoner["released_at"]
    assert isinstance(offense, date)
    if fled:  # a new licence after the escape (and the prison term)
        start = released + D(30) if isinstance(released, date) else s.admitted + D(400)
        issued = world.day_between(start, world.as_of - D(10))
    else:  # the licence held at the time, never revoked
        issued = offense - D(world.rng.randint(400, 4000))
    row = licence(world, s.person, "driving", issued)
    world.plant(
        "admin.traffic_crime_licence",
        row,
        [("licence_register", row), ("judgment", s.judgment)],
        subject=s.person,
    )


def barred_licence_holder(world: World) -> None:
    kind = world.rng.choice(("ride_hailing", "teacher", "physician"))
    if kind == "ride_hailing":
        person = world.people.person(age=(25, 50))
        decided = world.recent(900, 2000)
        record = rehab(world, person, decided, decided + D(world.rng.randint(0, 5)))
        issued = world.day_between(decided + D(60), world.as_of - D(10))
        row = licence(world, person, kind, issued)
        evidence = [("licence_register", row), ("rehab_decision", record)]
    else:
        s, _ = prisoner_story(world, add_months(world.as_of, -world.rng.randint(20, 60)))
        person = s.person
        row = licence(world, person, kind, s.admitted - D(world.rng.randint(400, 4000)))
        evidence = [("licence_register", row), ("judgment", s.judgment)]
    world.plant("admin.barred_licence_holder", row, evidence, subject=person)


# -- market entities ---------------------------------------------------------------------------
def company(
    world: World,
    org: Org,
    *,
    deregistered: date | None = None,
    kind: str | None = None,
) -> Row:
    row = world.add(
        "company_register",
        org.region,
        None,
        org_code=org.org_code,
        name=org.name,
        status="deregistered" if deregistered else "active",
        established_at=world.start - D(world.rng.randint(100, 5000)),
        deregistered_at=deregistered,
        deregistration_kind=kind if deregistered else None,
        registry=f"漳州市{ref.DISTRICTS[org.region]}市场监督管理局",
    )
    row["_org"] = org.idx
    return row


def companies(world: World, n: int) -> None:
    """Market entities: the organisations fined in the chunk (active), and others, some of
    them deregistered with nothing owed."""
    seen: set[str] = set()
    for row in world.rows["admin_penalty"]:
        code = row.get("org_code")
        if isinstance(code, str) and code not in seen:
            seen.add(code)
            world.add(
                "company_register",
                str(row.get("unit_code")),
                None,
                org_code=code,
                name=row.get("party_name"),
                status="active",
                registry="漳州市市场监督管理局",
            )
    for _ in range(n):
        org = world.orgs.org()
        gone = world.rng.random() < 0.25
        day = world.day_between(world.start, world.as_of) if gone else None
        company(world, org, deregistered=day, kind=world.rng.choice(("dissolution", "simplified")))


def deregistered_owing_fine(world: World) -> None:
    org = world.orgs.org()
    decided = world.recent(200, 1800)
    fined = admin_penalty(
        world, org, field="market", violation="other", agency="市场监督管理局", decided=decided
    )
    gone = world.past(decided + D(world.rng.randint(60, 150))) or decided + D(60)
    kind = world.rng.choice(("dissolution", "simplified"))
    row = company(world, org, deregistered=gone, kind=kind)
    world.plant(
        "admin.deregistered_owing_fine",
        row,
        [("company_register", row), ("admin_penalty", fined)],
        subject=org,
    )


# -- the registers of one chunk --------------------------------------------------------------
def populate(world: World, n: int) -> None:
    """The clean administrative registers of a chunk (``n``: its number of admin penalties)."""
    annotate_fines(world)
    marriages(world, n)
    rehab_decisions(world, max(1, n // 10))
    licences(world, n)
    convicted_drivers(world)
    companies(world, max(1, n // 4))


# planted after every other function's stories (jiancha.synth.anomalies), which so keep their
# random draws
LATE_PLANTERS: dict[str, Planter] = {
    "admin.court_enforcement_not_executed": court_enforcement_not_executed,
}
PLANTERS: dict[str, Planter] = {
    "admin.fine_not_sent_to_court": fine_not_sent_to_court,
    "admin.marriage_party_dead": marriage_party_dead,
    "admin.marriage_party_in_prison": marriage_party_in_prison,
    "admin.marriage_underage": marriage_underage,
    "admin.marriage_id_reused": marriage_id_reused,
    "admin.rehab_not_delivered": rehab_not_delivered,
    "admin.rehab_unserved_after_prison": rehab_unserved_after_prison,
    "admin.drunk_driving_licence_valid": drunk_driving_licence_valid,
    "admin.traffic_crime_licence": traffic_crime_licence,
    "admin.barred_licence_holder": barred_licence_holder,
    "admin.deregistered_owing_fine": deregistered_owing_fine,
}
