"""Bulk record linkage with Splink (rule module, no database) and ``parties link-eval``."""

from io import StringIO

import pandas as pd
import pytest
from django.core.management import CommandError, call_command

from klantbeeld.parties import linkage

# febrl1 measured at 0.999 with the national id and 0.982 without (seed 20261122); the floor
# leaves room for floating-point noise between DuckDB threads, not for a worse model.
FEBRL1_F1_FLOOR = 0.98


@pytest.fixture(scope="module")
def febrl1_model() -> linkage.LinkageModel:
    return linkage.linkage_model_train(linkage.febrl_load("febrl1").frames)


def _person(record_id: str, **fields: str) -> dict[str, str]:
    return {"record_id": record_id, **fields}


JAN = {
    "given_name": "Jan",
    "surname": "Jansen",
    "street": "Kerkstraat",
    "house_number": "12",
    "postcode": "3511 AB",
    "city": "Utrecht",
    "date_of_birth": "1980-04-02",
    "phone": "06 12345678",
}


def _household() -> pd.DataFrame:
    """Jan twice (a surname typo, two postcode digits swapped) and a neighbour at the same
    postcode with another name and birth date, who must not be linked to him."""
    return pd.DataFrame(
        [
            _person("crm-1", **JAN),
            _person("crm-2", **{**JAN, "surname": "Janssen", "postcode": "3151AB"}),
            _person(
                "crm-3",
                given_name="Fatima",
                surname="el Amrani",
                street="Kerkstraat",
                house_number="14",
                postcode="3511 AB",
                city="Utrecht",
                date_of_birth="1992-11-30",
            ),
        ]
    )


@pytest.mark.slow
def test_febrl1_deduplication_reaches_the_measured_f1():
    # given / when
    result = linkage.febrl_evaluate("febrl1")

    # then
    assert result.records == 1000
    assert result.true_links == 500
    assert result.f1 > FEBRL1_F1_FLOOR
    assert result.true_positives + result.false_negatives == 500


@pytest.mark.slow
def test_two_obvious_duplicates_are_paired_and_the_neighbour_is_not(febrl1_model):
    # given
    records = _household()

    # when
    pairs = linkage.predict_pairs([records], model=febrl1_model)

    # then
    assert list(zip(pairs.record_id_l, pairs.record_id_r, strict=True)) == [("crm-1", "crm-2")]
    assert pairs.match_probability.iloc[0] >= linkage.DEFAULT_THRESHOLD


@pytest.mark.slow
def test_linking_two_systems_pairs_a_record_of_the_first_with_one_of_the_second(febrl1_model):
    # given
    crm = _household().iloc[[0, 2]]
    legacy = pd.DataFrame(
        [_person("old-7", **{**JAN, "given_name": "jan", "phone": "+31612345678"})]
    )

    # when
    pairs = linkage.predict_pairs([crm, legacy], model=febrl1_model)

    # then
    assert list(zip(pairs.record_id_l, pairs.record_id_r, strict=True)) == [("crm-1", "old-7")]


def test_evaluation_counts_pairs_in_either_order_for_deduplication():
    # given
    predicted = pd.DataFrame(
        {"record_id_l": ["a", "c", "e"], "record_id_r": ["b", "d", "f"], "match_probability": 1.0}
    )
    true_links = [("b", "a"), ("d", "c"), ("g", "h"), ("i", "j")]

    # when
    result = linkage.evaluate_pairs(predicted, true_links, records=10, seconds=0.5)

    # then
    assert (result.true_positives, result.false_positives, result.false_negatives) == (2, 1, 2)
    assert result.precision == pytest.approx(2 / 3)
    assert result.recall == pytest.approx(0.5)
    assert result.f1 == pytest.approx(4 / 7)


def test_evaluation_of_a_link_keeps_the_side_of_each_record():
    # given
    predicted = pd.DataFrame({"record_id_l": ["b"], "record_id_r": ["a"], "match_probability": 1.0})

    # when
    result = linkage.evaluate_pairs(predicted, [("a", "b")], records=2, seconds=0, ordered=True)

    # then
    assert result.true_positives == 0
    assert result.f1 == 0.0


def test_postcode_phone_and_date_of_birth_take_one_form():
    # given
    frame = pd.DataFrame(
        [
            _person("1", postcode=" 3511 ab ", phone="+31 6 1234 5678", date_of_birth="19800402"),
            _person("2", postcode="3511AB", phone="06-12345678", date_of_birth="1980-04-02"),
        ]
    )

    # when
    records = linkage.normalize_records(frame)

    # then
    assert records.postcode.tolist() == ["3511ab", "3511ab"]
    assert records.phone.tolist() == ["612345678", "612345678"]
    assert records.date_of_birth.tolist() == ["1980-04-02", "1980-04-02"]
    assert records.national_id.isna().all()


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame({"surname": ["Jansen"]}),
        pd.DataFrame({"record_id": ["1", "1"], "surname": ["Jansen", "Janssen"]}),
    ],
)
def test_records_without_a_unique_id_are_refused(frame):
    with pytest.raises(linkage.LinkageInputError):
        linkage.normalize_records(frame)


def test_a_model_is_not_trained_on_a_handful_of_records():
    with pytest.raises(linkage.LinkageInputError, match="Te weinig records"):
        linkage.linkage_model_train([_household()])


@pytest.mark.slow
def test_link_eval_prints_the_figures():
    # given
    out = StringIO()

    # when
    call_command("parties", "link-eval", "--dataset", "febrl1", stdout=out)

    # then
    lines = dict(line.split(": ", 1) for line in out.getvalue().splitlines())
    assert lines["dataset"] == "febrl1"
    assert lines["records"] == "1000"
    assert lines["true links"] == "500"
    assert float(lines["F1"]) > FEBRL1_F1_FLOOR
    assert {"precision", "recall", "predicted pairs", "seconds"} <= lines.keys()


@pytest.mark.parametrize(
    "arguments",
    [
        ["--dataset", "febrl9"],
        ["--threshold", "1.5"],
        ["--threshold", "veel"],
    ],
)
def test_link_eval_refuses_bad_arguments_with_a_command_error(arguments):
    with pytest.raises(CommandError):
        call_command("parties", "link-eval", *arguments, stdout=StringIO())


def test_an_unknown_febrl_dataset_is_a_clear_error():
    with pytest.raises(linkage.LinkageInputError, match="febrl1, febrl2"):
        linkage.febrl_load("krebsregister")
