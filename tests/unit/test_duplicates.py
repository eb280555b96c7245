"""The duplicate finder: every match rule, the reasons it gives, what it leaves alone, and "not a duplicate"."""

from __future__ import annotations

import pytest

from linkorganizer.core import contacts
from linkorganizer.core.duplicates import (
    company_key,
    dismiss_pair,
    dismissed_pairs,
    find_duplicates,
    fold,
    name_similarity,
    phone_key,
    region_from_locale,
)
from linkorganizer.core.records import Labeled


def add(network, first: str, last: str, company: str = "", emails=(), phones=(), url: str = "", urls=()) -> int:
    with network.op(f"Add {first} {last}"):
        return contacts.create_contact(
            {"first_name": first, "last_name": last, "company": company, "profile_url": url},
            fields={
                "email": [Labeled(e) for e in emails],
                "phone": [Labeled(p) for p in phones],
                "url": [Labeled(u) for u in urls],
            },
        )


def only_pair(region: str | None = None):
    pairs = find_duplicates(region)
    assert len(pairs) == 1, [p.reasons for p in pairs]
    return pairs[0]


def test_fold_transliterates_and_drops_marks_case_and_emoji() -> None:
    assert fold("Łukasz") == fold("Lukasz") == "lukasz"
    assert fold("Jørgen Weiß 🚀") == "jorgen weiss"
    assert fold("Zoë  O'Brien-Smith") == "zoe o brien smith"
    assert fold("Æsa Đorđević") == "aesa dordevic"


def test_name_similarity_counts_initials_middle_names_and_order() -> None:
    assert name_similarity(("a", "lovelace"), ("ada", "lovelace")) == (91, "initial")
    assert name_similarity(("k", "johnson"), ("katherine", "johnson")) == (90, "initial")
    assert name_similarity(("ada", "l"), ("ada", "lovelace")) == (88, "initial")
    assert name_similarity(("ada", "king", "lovelace"), ("ada", "lovelace")) == (95, "middle name")
    assert name_similarity(("lovelace", "ada"), ("ada", "lovelace"))[0] == 100
    assert name_similarity(("ada", "lovelace"), ("bob", "smith"))[0] < 50


def test_company_key_leaves_out_legal_forms() -> None:
    assert company_key("Contoso Ltd.") == company_key("contoso") == "contoso"
    assert company_key("Acme, Inc.") == "acme"
    assert company_key("Co") == "co"  # a name that is only a legal form keeps it


def test_phone_key_is_e164_in_the_given_region() -> None:
    assert phone_key("030 1234567", "DE") == "+49301234567"
    assert phone_key("+49 30 1234567", None) == "+49301234567"
    assert phone_key("0049 30 1234567", "DE") == "+49301234567"
    assert phone_key("(415) 555-0100", "US") == "+14155550100"
    assert phone_key("", "DE") == ""
    assert phone_key("call me", "DE") == ""


def test_region_from_locale() -> None:
    assert region_from_locale("en_GB.UTF-8") == "GB"
    assert region_from_locale("de_DE") == "DE"
    assert region_from_locale("C") is None
    assert region_from_locale(None) is None
    assert region_from_locale("sr_RS@latin") == "RS"


def test_same_email_case_folded_is_an_exact_match(network) -> None:
    a = add(network, "Ada", "Lovelace", emails=["Ada@X.org"])
    b = add(network, "Ada", "Byron", emails=["ada@x.org"])
    pair = only_pair()
    assert (pair.a, pair.b) == (a, b)
    assert pair.exact
    assert pair.reasons == ("same e-mail ada@x.org",)
    assert pair.confidence == 97
    assert pair.names == ("Ada Lovelace", "Ada Byron")
    assert pair.as_json() == {
        "a": a, "b": b, "names": ["Ada Lovelace", "Ada Byron"], "reasons": ["same e-mail ada@x.org"],
        "confidence": 97, "exact": True,
    }  # fmt: skip


def test_same_phone_in_e164_with_the_region(network) -> None:
    add(network, "Jonas", "Weber", phones=["030 1234567"])
    add(network, "Jonas", "Weber-Kranz", phones=["+49 30 123 45 67"])
    assert find_duplicates("US") == []  # read in the US, 030 … is another number
    pair = only_pair("DE")
    assert pair.exact
    assert pair.reasons == ("same phone +49301234567",)


def test_same_profile_url_also_among_web_addresses(network) -> None:
    add(network, "Grace", "Hopper", url="https://de.linkedin.com/in/grace-hopper/")
    add(network, "Grace", "B. Hopper", urls=["http://linkedin.com/in/grace-hopper?trk=x"])
    add(network, "Grace", "Other", urls=["https://grace.example.org"])
    pair = only_pair()
    assert pair.exact
    assert pair.confidence == 100
    assert pair.reasons == ("same profile https://www.linkedin.com/in/grace-hopper",)


def test_similar_names_at_the_same_company(network) -> None:
    add(network, "Łukasz", "Nowak", company="Northwind Traders")
    add(network, "Lukasz", "Nowak", company="Northwind Traders")
    add(network, "Lukasz", "Nowak", company="Fabrikam")  # a namesake elsewhere: not offered
    pair = only_pair()
    assert not pair.exact
    assert pair.reasons == ("similar names (100%) at Northwind Traders",)
    assert pair.confidence == 90


def test_similar_names_with_a_typo_or_an_initial(network) -> None:
    add(network, "Katherine", "Johnson", company="Contoso Ltd")
    add(network, "Katharine", "Johnson", company="Contoso")
    add(network, "K.", "Johnson", company="contoso")
    pairs = find_duplicates()
    reasons = {(p.a, p.b): p.reasons for p in pairs}
    assert len(pairs) == 3
    assert reasons[(1, 2)][0].startswith("similar names (94%) at Contoso")
    assert reasons[(1, 3)] == ("similar names (90%, one written with an initial) at Contoso Ltd",)


def test_similar_names_sharing_a_work_domain_but_not_a_public_one(network) -> None:
    add(network, "Mei", "Chen", emails=["mei@bright-harbor.io"])
    add(network, "Mei", "Chen", company="Bright Harbor Labs", emails=["m.chen@bright-harbor.io"])
    add(network, "Ravi", "Patel", emails=["ravi.patel@gmail.com"])
    add(network, "Ravi", "Patel", emails=["rpatel@gmail.com"])  # gmail.com says nothing about who they are
    pair = only_pair()
    assert pair.reasons == ("similar names (100%) sharing the e-mail domain bright-harbor.io",)


def test_different_names_behind_one_phone_are_listed_but_not_exact(network) -> None:
    add(network, "Ada", "Lovelace", phones=["+44 20 7946 0018"])
    add(network, "Bob", "Smith", phones=["+442079460018"])
    pair = only_pair()
    assert not pair.exact
    assert pair.reasons == ("same phone +442079460018", "but different names (Ada Lovelace / Bob Smith)")
    assert pair.confidence == 43


def test_a_switchboard_shared_by_many_is_not_a_person(network) -> None:
    for i in range(15):
        add(network, f"Person{i}", "Staff", phones=["+44 20 7946 0000"], company=f"Firm {i}")
    assert find_duplicates() == []


def test_trashed_contacts_are_left_out(network) -> None:
    a = add(network, "Ada", "Lovelace", emails=["ada@x.org"])
    add(network, "Ada", "Lovelace", emails=["ada@x.org"])
    with network.op("Trash"):
        contacts.trash_contacts([a])
    assert find_duplicates() == []


def test_several_reasons_add_up(network) -> None:
    add(network, "Ada", "Lovelace", company="Northwind", emails=["ada@northwind.com"])
    add(network, "Ada", "Lovelace", company="Northwind", emails=["ADA@northwind.com"])
    pair = only_pair()
    assert pair.exact
    assert pair.reasons == (
        "same e-mail ada@northwind.com",
        "similar names (100%) at Northwind and sharing the e-mail domain northwind.com",
    )
    assert pair.confidence == 99


def test_not_a_duplicate_is_remembered_and_undoable(network, undo_redo) -> None:
    a = add(network, "Ada", "Lovelace", emails=["ada@x.org"])
    b = add(network, "Ada", "L.", emails=["ada@x.org"])
    assert len(find_duplicates()) == 1
    assert undo_redo("Not a duplicate", lambda: dismiss_pair(b, a)) is True
    assert dismissed_pairs() == {(a, b)}
    assert find_duplicates() == []
    assert len(find_duplicates(include_dismissed=True)) == 1
    with network.op("Again"):
        assert dismiss_pair(a, b) is False


def test_exact_pairs_come_first_then_by_confidence(network) -> None:
    add(network, "Zoe", "Adams", company="Fabrikam")
    add(network, "Zoë", "Adams", company="Fabrikam")
    add(network, "Yann", "Le Gall", emails=["yann@x.org"])
    add(network, "Yann", "Le Gall", emails=["yann@x.org"])
    pairs = find_duplicates()
    assert [p.exact for p in pairs] == [True, False]


@pytest.mark.parametrize("name", ["ada@x.org", ""])
def test_a_contact_without_a_name_is_matched_by_its_details_only(network, name: str) -> None:
    with network.op("Add"):
        contacts.create_contact({"display_name": name}, fields={"email": [Labeled("ada@x.org")]})
        contacts.create_contact({"first_name": "Ada"}, fields={"email": [Labeled("ADA@x.org")]})
    pair = only_pair()
    assert pair.exact
