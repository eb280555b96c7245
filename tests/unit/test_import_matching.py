"""Who an imported record is: a shared e-mail address (a team mailbox, HR, an assistant) is no proof of one
person. Another name or another profile URL behind the same address makes two people, imported apart and said so;
the same person found by e-mail is still updated in place."""

from __future__ import annotations

from linkorganizer.core.importing import import_items
from linkorganizer.core.records import ContactRecord, Labeled
from linkorganizer.db.models import Contact


def person(first: str, last: str, email: str, line: int, **more) -> ContactRecord:
    return ContactRecord(first_name=first, last_name=last, emails=[Labeled(email, "work")], line=line, **more)


def people() -> list[tuple[str, str, str, str]]:
    return [
        (c.first_name, c.last_name, c.position, c.profile_url or "")
        for c in Contact.select().order_by(Contact.id)
    ]


def test_two_people_behind_one_mailbox_in_one_file_stay_two(db) -> None:
    report = import_items(
        [person("Ann", "Lee", "hr@acme.example", 2, position="HR lead"), person("Bob", "Stone", "HR@acme.example", 3)]
    )
    assert people() == [("Ann", "Lee", "HR lead", ""), ("Bob", "Stone", "", "")]
    assert report.created == 2 and report.updated == 0 and report.job_changes == []
    assert [(w.line, w.message) for w in report.warnings] == [
        (3, "shares the e-mail HR@acme.example with another person (Ann Lee); imported as a separate contact")
    ]


def test_a_later_import_never_overwrites_another_person_who_shares_the_address(db) -> None:
    import_items([person("Ann", "Lee", "hr@acme.example", 2, position="HR lead", company="Acme")])
    report = import_items([person("Bob", "Stone", "hr@acme.example", 2, position="Recruiter", company="Acme")])
    assert people() == [("Ann", "Lee", "HR lead", ""), ("Bob", "Stone", "Recruiter", "")]
    assert report.job_changes == [] and report.updated == 0 and len(report.warnings) == 1


def test_another_profile_url_behind_the_same_address_is_another_person(db) -> None:
    ann = "https://www.linkedin.com/in/ann-lee"
    import_items([person("Ann", "Lee", "team@acme.example", 2, profile_url=ann)])
    other = "https://www.linkedin.com/in/ann-lee-2"
    report = import_items([person("Ann", "Lee", "team@acme.example", 2, profile_url=other)])
    assert [p[3] for p in people()] == [ann, other]
    assert report.created == 1 and len(report.warnings) == 1


def test_the_same_person_found_by_e_mail_is_updated_in_place(db) -> None:
    import_items([person("Ann", "Lee", "ann@acme.example", 2, position="HR lead", company="Acme")])
    report = import_items([person("Ann", "Lee", "Ann@Acme.example", 2, position="HR director", company="Globex")])
    assert people() == [("Ann", "Lee", "HR director", "")]
    assert report.updated == 1 and report.warnings == [] and len(report.job_changes) == 1


def test_a_record_with_only_an_address_joins_the_person_who_has_it(db) -> None:
    import_items([person("Ann", "Lee", "ann@acme.example", 2)])
    report = import_items([ContactRecord(emails=[Labeled("ann@acme.example", "home")], notes="met at the fair", line=2)])
    assert report.created == 0 and report.updated == 1 and report.warnings == []
    assert Contact.get().notes == "met at the fair"


def test_an_initial_is_the_same_name_but_another_first_name_is_not(db) -> None:
    import_items([person("Grace", "O.", "grace@example.com", 2), person("R.", "Stone", "bob@example.com", 3)])
    report = import_items(
        [person("Grace", "Otieno", "grace@example.com", 2), person("Robert", "Stone", "bob@example.com", 3)]
    )
    assert report.created == 0 and report.updated == 2 and report.warnings == []
    report = import_items([person("Bob", "Stone", "bob@example.com", 2)])
    assert report.created == 1 and len(report.warnings) == 1
