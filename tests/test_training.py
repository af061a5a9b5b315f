"""Training pieces that do not need ../shared: perturbations, pooling, biased-word targets, losses."""

import math
import random
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.model import DEFAULT_MODEL_DIR, Encoder, FramingModel
from framing.perturb import (
    MONTHS,
    NUMBER_WORDS,
    PLACES,
    PREFIXES,
    RELATIVE_DAYS,
    SURNAMES,
    WAR_TOWNS,
    WEEKDAYS,
    perturb,
)
from framing.train import (
    NPOV_DIR,
    OPINION_GROUP,
    Example,
    Extras,
    TaskData,
    TrainConfig,
    WeightAverage,
    _batch_plan,
    _loss,
    _n_twins,
    _pos_weight,
    _token_targets,
    add_recipe_arguments,
    axis_anchors,
    babe_example,
    npov_examples,
    read_npov,
    recipe_from_args,
    sentence_pass,
    soften_disagreements,
    step_with_scaled_lr,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))
import robustness_data as SUITE
import stability as HELD_OUT


def _words(phrases) -> set[str]:
    return {w.strip(",.").lower() for p in phrases for w in p.split()}


def test_training_perturbations_share_no_entry_with_the_suite_or_the_held_out_benchmark():
    suite = {w.lower() for w in (*SUITE.NAMES, *SUITE.PLACES, *SUITE.DAYS, *SUITE.NUMBERS)}
    suite |= {f.strip().lower().rstrip(",") for f in SUITE.FILLERS}
    held_out = {p.lower() for p in HELD_OUT.VALIDATION_PLACES}
    held_out |= {o.strip().lower().rstrip(",") for o in HELD_OUT.OPENERS}
    pools = (SURNAMES, PLACES, WAR_TOWNS, WEEKDAYS, MONTHS, RELATIVE_DAYS, NUMBER_WORDS)
    ours = {w for pool in pools for w in pool}
    openers = {p.strip().rstrip(",") for p in PREFIXES}
    assert not (ours | openers) & suite
    assert not (ours | openers) & held_out
    # no word of a suite day (tuesday, march, weekend, ...) nor a suite or held-out place is in any opener
    suite_words = {w.lower() for day in SUITE.DAYS for w in day.split() if w.isalpha() and w != "the"}
    assert not suite_words & (ours | _words(PREFIXES))
    assert not (_words(SUITE.PLACES) | _words(HELD_OUT.VALIDATION_PLACES)) & _words(PREFIXES)


def test_openers_are_many_distinct_and_neutral():
    assert len(PREFIXES) == len(set(PREFIXES)) >= 500
    assert all(p == p.lower() and p.endswith(", ") for p in PREFIXES)
    # a date that is itself a loaded reference stays out of the time phrases
    assert not any("september 11" in p for p in PREFIXES)


def test_swapped_places_are_no_contested_term():
    import framing

    rules = framing.load_analyzer(model=None)
    for place in (*PLACES, *WAR_TOWNS):
        text = f"Shelling hit {place.title()} again on Monday, and talks in {place.title()} resumed."
        assert not rules.analyze(text).findings, place


def test_perturbations_change_only_what_carries_no_framing():
    rng = random.Random(0)
    text = "police said 17 people were hurt in lyon on monday, johnson told reporters."
    kinds = set()
    for _ in range(200):
        p = perturb(text, rng)
        kinds.update(p.kind.split("+"))
        assert p.text != text
        assert "police said" in p.text and "people were hurt in" in p.text and "told reporters." in p.text
        if p.kind == "number":
            m = re.fullmatch(
                r"police said (\S+) people were hurt in lyon on monday, johnson told reporters\.", p.text
            )
            assert m and (
                re.fullmatch(r"\d{1,3}(?:,\d{3})*(?:\.\d)?", m.group(1)) or m.group(1) in NUMBER_WORDS
            )
        elif p.kind == "prefix":
            assert p.text.endswith(text) and p.text[: -len(text)] in PREFIXES
        if "prefix" in p.kind:
            assert p.text.startswith(PREFIXES)
    assert kinds == {"number", "prefix", "surname", "place", "weekday"}


def test_a_number_takes_the_shapes_news_writes_it_in():
    rng = random.Random(2)
    shapes = Counter()
    for _ in range(400):
        p = perturb("on 3 july the fire destroyed 1,240 homes.", rng)
        if p.kind != "number":
            continue
        day, count = re.fullmatch(r"on (\S+) july the fire destroyed (\S+) homes\.", p.text).groups()
        assert re.fullmatch(r"[2-9]", day) or day in NUMBER_WORDS  # a day of the month stays a day
        if re.fullmatch(r"\d{1,3}", count):
            shapes["plain"] += 1
        elif re.fullmatch(r"\d{1,2},\d{3}", count):
            shapes["thousands"] += 1
        elif re.fullmatch(r"\d{1,2}\.\d", count):
            shapes["decimal"] += 1
        else:
            raise AssertionError(count)
    assert set(shapes) == {"plain", "thousands", "decimal"}


def test_held_out_twins_change_only_the_opener_the_numbers_and_the_places():
    for text in (f"The army said 1,240 troops left Kherson on {day}." for day in ("Monday", "Sunday")):
        twins = dict(HELD_OUT.twins(text))
        day = text.split()[-1]
        assert set(twins) == {"opener", "number", "place"}
        opener = next(o for o in HELD_OUT.OPENERS if twins["opener"].startswith(o))
        assert twins["opener"] == opener + "t" + text[1:]
        number = re.fullmatch(rf"The army said (\S+) troops left Kherson on {day}", twins["number"])
        assert number and number.group(1) in HELD_OUT.VALIDATION_NUMBERS
        place = re.fullmatch(rf"The army said 1,240 troops left (\w+) on {day}", twins["place"])
        assert place and place.group(1) in HELD_OUT.VALIDATION_PLACES
        assert HELD_OUT.twins(text) == list(twins.items())  # the same sentence, the same twins
    # a sentence without numbers or known places gets an opener only, and a name keeps its capital
    only = HELD_OUT.twins("Zelensky spoke to reporters.")
    assert [k for k, _ in only] == ["opener"] and "Zelensky spoke" in only[0][1]


def test_a_pronoun_before_a_verb_becomes_a_surname():
    rng = random.Random(4)
    seen = {perturb("she said the bridge will reopen.", rng) for _ in range(40)}
    named = [p.text for p in seen if p.kind == "pronoun"]
    assert named and all(t.split(" said ")[0] in SURNAMES for t in named)


def test_a_named_person_gets_another_surname_and_keeps_title_and_given_name():
    rng = random.Random(3)
    text = "sen. elizabeth warren met donald trump's lawyers in lyon."
    assert all("named person" not in perturb(text, rng).kind for _ in range(30))
    swapped = [
        p.text for p in (perturb(text, rng, named=True) for _ in range(60)) if "named person" in p.kind
    ]
    assert swapped
    for t in swapped:
        m = re.search(r"sen\. elizabeth (\S+) met donald (\S+)'s lawyers", t)
        assert m and m.group(1) in SURNAMES and m.group(2) in SURNAMES, t


def test_words_that_only_look_like_given_names_are_left_alone():
    rng = random.Random(3)
    for text in ("john is here.", "virginia voters went to the polls.", "mr. and the others left."):
        assert all("named person" not in perturb(text, rng, named=True).kind for _ in range(30)), text


def test_a_twin_gets_at_most_two_changes_and_the_prefix_is_never_rewritten():
    rng = random.Random(5)
    for _ in range(200):
        p = perturb("on 3 july, 12 police officers met miller in lyon.", rng)
        kinds = p.kind.split("+")
        assert 1 <= len(kinds) <= 2 and len(set(kinds)) == len(kinds)
        if "prefix" in kinds:
            assert p.text.startswith(PREFIXES)


@given(st.text(max_size=80))
@settings(max_examples=200, deadline=None)
def test_perturb_never_crashes_and_is_deterministic(text):
    a, b = perturb(text, random.Random(7)), perturb(text, random.Random(7))
    assert a == b and isinstance(a.text, str)


def test_words_inside_a_word_are_not_biased_tokens():
    ex = babe_example("The radical plan was RADICALLY changed.", 1, ["radical"])
    assert ex.words == ("radical",)
    spans = [[0, 0], [0, 3], [4, 11], [12, 16], [17, 20], [21, 30], [31, 38], [38, 39], [0, 0]]
    offsets = torch.tensor([spans])
    content = torch.tensor([[False, True, True, True, True, True, True, True, False]])
    labels, mask = _token_targets([ex], offsets, content)
    assert labels[0].tolist() == [0, 0, 1, 0, 0, 0, 0, 0, 0]
    assert mask[0].tolist() == content[0].tolist()


def test_biased_sentence_without_findable_words_is_left_out_and_neutral_ones_are_all_zero():
    missing = babe_example("A plain sentence.", 1, ["vile"])
    neutral = babe_example("A plain sentence.", 0, [])
    offsets = torch.tensor([[[0, 0], [0, 1], [2, 7], [8, 16], [16, 17], [0, 0]]] * 2)
    content = torch.tensor([[False, True, True, True, True, False]] * 2)
    labels, mask = _token_targets([missing, neutral], offsets, content)
    assert not mask[0].any() and mask[1].tolist() == content[1].tolist()
    assert labels.sum() == 0


needs_model = pytest.mark.skipif(
    not (DEFAULT_MODEL_DIR / "config.json").is_file(), reason="no trained model committed under models/"
)


@pytest.fixture(scope="module")
def model():
    return FramingModel.load(DEFAULT_MODEL_DIR, quantize=False)


@pytest.fixture(scope="module")
def hf_tokenizer(model):
    """The Hugging Face tokenizer training uses (the served model cuts windows with `tokenizers` alone)."""
    from transformers import AutoTokenizer

    from framing.model import resolve_encoder

    return AutoTokenizer.from_pretrained(resolve_encoder(model.config.encoder))


@needs_model
def test_training_pooling_is_the_pooling_used_at_inference(model, hf_tokenizer):
    texts = ["sirens sounded in kyiv on monday.", "the plan was radical, critics said, and costly."]
    with torch.inference_mode():
        pooled, *_ = sentence_pass(model.net, hf_tokenizer, texts, 128)
        served = model.encoder.encode(texts, [[], []]).sentences
    assert torch.allclose(pooled, served, atol=1e-5)


@needs_model
def test_every_training_loss_is_finite_and_reaches_the_encoder(model, hf_tokenizer):
    net = model.net
    enc = Encoder(net, hf_tokenizer, model.config)
    extras = Extras(
        torch.nn.Linear(net.encoder.config.hidden_size, 1),
        random.Random(1),
        TrainConfig(consistency=4.0, token_weight=0.3),
    )
    batch = [
        babe_example("The radical plan was pushed through by 17 votes.", 1, ["radical"]),
        babe_example("The council met on a Tuesday in Lyon.", 0, []),
    ]
    layer = net.encoder.encoder.layer[-1].output.dense.weight
    net.train()
    try:
        layer.requires_grad_(True)
        for task in ("loaded", "subjective"):
            net.zero_grad()
            loss = _loss(net, enc, task, batch, 1.0, extras)
            assert torch.isfinite(loss)
            loss.backward()
            assert layer.grad is not None and layer.grad.abs().sum() > 0
        assert extras.token_head.weight.grad is not None
        if net.pool is not None:
            assert net.pool.weight.grad is not None and net.pool.weight.grad.abs().sum() > 0
        span = Example("sirens in kiev.", 0, (10, 14), [0.0] * model.config.n_features)
        assert torch.isfinite(_loss(net, enc, "usage", [span], 1.0, extras))
    finally:
        net.eval()
        layer.requires_grad_(False)
        net.zero_grad()


@needs_model
def test_consistency_and_token_losses_add_to_the_label_loss(model, hf_tokenizer):
    net = model.net
    enc = Encoder(net, hf_tokenizer, model.config)
    head = torch.nn.Linear(net.encoder.config.hidden_size, 1)
    batch = [
        babe_example("Johnson's radical plan was pushed through by 17 votes on Monday.", 1, ["radical"]),
        babe_example("The council met in Lyon on a Tuesday.", 0, []),
    ]

    def loss(consistency: float, token_weight: float) -> float:
        # the same twins each time (same seed); eval mode switches dropout off
        extras = Extras(
            head, random.Random(5), TrainConfig(consistency=consistency, token_weight=token_weight)
        )
        with torch.no_grad():
            return float(_loss(net, enc, "loaded", batch, 1.0, extras))

    plain = loss(0.0, 0.0)
    assert loss(4.0, 0.0) > plain  # a twin never scores exactly like its sentence
    assert loss(8.0, 0.0) - plain == pytest.approx(2 * (loss(4.0, 0.0) - plain), rel=1e-4)
    assert loss(0.0, 0.3) > plain


@needs_model
def test_a_centred_soft_target_is_not_class_weighted_and_pulls_towards_the_middle(model, hf_tokenizer):
    net = model.net
    enc = Encoder(net, hf_tokenizer, model.config)
    text = "the museum reopened its west wing after a long restoration."

    def loss(target: float | None, label: int, pos_weight: float) -> float:
        with torch.no_grad():
            return float(_loss(net, enc, "russia-ukraine", [Example(text, label, target=target)], pos_weight))

    assert loss(0.5, 0, 1.0) == pytest.approx(loss(0.5, 0, 4.0), abs=1e-7)
    assert loss(None, 1, 4.0) == pytest.approx(4 * loss(None, 1, 1.0), rel=1e-5)
    with torch.no_grad():
        z = float(net.sentence_logits(enc.encode([text], [[]]).sentences)["russia-ukraine"][0])
    # binary cross-entropy against 0.5 is smallest at logit 0: its excess over log 2 grows with |z|
    p = 1 / (1 + math.exp(-z))
    assert loss(0.5, 0, 1.0) == pytest.approx(-0.5 * math.log(p) - 0.5 * math.log(1 - p), rel=1e-4)
    assert loss(0.5, 0, 1.0) >= math.log(2) - 1e-6


@needs_model
def test_usage_sentences_get_twins_but_side_words_keep_theirs(model, hf_tokenizer):
    net = model.net
    enc = Encoder(net, hf_tokenizer, model.config)
    head = torch.nn.Linear(net.encoder.config.hidden_size, 1)
    n = model.config.n_features
    prose = Example("on monday johnson said the troops left kiev for kherson.", 0, (39, 43), [0.0] * n)
    sided = Example("democrats said the troops left kiev.", 0, (31, 35), [0.0] * n)

    def loss(batch: list[Example], consistency: float) -> float:
        extras = Extras(head, random.Random(5), TrainConfig(consistency=consistency, token_weight=0.0))
        with torch.no_grad():
            return float(_loss(net, enc, "usage", batch, 1.0, extras))

    assert loss([prose], 4.0) > loss([prose], 0.0)
    assert loss([sided], 4.0) == loss([sided], 0.0)


def test_side_swaps_move_every_side_word_of_a_sentence():
    rng = random.Random(2)
    text = "left-wing and far-left groups met muslim leaders."
    swapped = {perturb(text, rng).text for _ in range(40)} - {text}
    assert "right-wing and far-right groups met christian leaders." in swapped
    assert all("left" not in t for t in swapped if not t.endswith(text))


@needs_model
def test_twin_labels_add_a_label_loss_on_the_twins_only_when_asked(model, hf_tokenizer):
    net = model.net
    enc = Encoder(net, hf_tokenizer, model.config)
    batch = [
        babe_example("Left-wing activists staged a reckless stunt in Lyon.", 1, ["reckless"]),
        babe_example("The council met on a Tuesday.", 0, []),
    ]

    def loss(twin_labels: bool, consistency: float = 0.0) -> float:
        head = torch.nn.Linear(net.encoder.config.hidden_size, 1)
        recipe = TrainConfig(consistency=consistency, token_weight=0.0, twin_labels=twin_labels)
        extras = Extras(head, random.Random(3), recipe)
        with torch.no_grad():
            return float(_loss(net, enc, "loaded", batch, 1.0, extras))

    with torch.no_grad():
        plain = float(_loss(net, enc, "loaded", batch, 1.0, None))
    # With a vanishing consistency weight, twins without labels leave the plain label loss as it is;
    # with labels they add theirs.
    tiny = 1e-9
    assert loss(False, tiny) == pytest.approx(plain, abs=1e-6)
    assert loss(True, tiny) != pytest.approx(plain, abs=1e-4)


@needs_model
def test_shipped_model_was_trained_with_the_current_recipe():
    import json
    from dataclasses import asdict

    shipped = json.loads((DEFAULT_MODEL_DIR / "config.json").read_text(encoding="utf-8"))
    recipe = asdict(TrainConfig())
    keys = (
        "epochs",
        "lr",
        "head_lr",
        "train_layers",
        "seed",
        "consistency",
        "token_weight",
        "twin_labels",
        "twin_share",
        "npov_per_class",
        "npov_weight",
        "named_twins",
        "babe_soft_disagreement",
    )
    assert {k: shipped["training"].get(k) for k in keys} == {k: recipe[k] for k in keys}
    # knobs added after the shipped model was trained must be off, as they were for it
    assert shipped["training"].get("opinion_share", 1.0) == recipe["opinion_share"]
    for k in ("axis_anchors", "ema", "authored_subjective_weight", "opinion_without_quotes"):
        assert shipped["training"].get(k, 0) == recipe[k]
    assert shipped.get("pooling", "mean") == recipe["pooling"]
    assert shipped["training"].get("subjective_lr_scale", 1.0) == recipe["subjective_lr_scale"]


def test_a_share_of_each_batch_gets_twins():
    share = TrainConfig(twin_share=0.75)
    assert [_n_twins(n, share) for n in (16, 7, 1)] == [12, 5, 1]
    assert _n_twins(16, TrainConfig(twin_share=0.5)) == 8
    for bad in (0.0, 1.5):
        with pytest.raises(ValueError):
            TrainConfig(twin_share=bad)


def _subjective_task(share: float) -> TaskData:
    own = [Example(f"newssd sentence {i}", i % 2) for i in range(6)]
    opinions = [Example(f"babe opinion {i}", int(i < 8), group=OPINION_GROUP, weight=0.5) for i in range(10)]
    shares = {OPINION_GROUP: share} if share < 1 else {}
    return TaskData("subjective", own + opinions, [], [], "test", "test", shares)


def test_each_epoch_draws_a_fresh_share_of_the_opinion_sentences_and_keeps_the_rest():
    data, rng = _subjective_task(0.5), random.Random(0)
    epochs = [data.epoch_train(rng) for _ in range(12)]
    own = {e.text for e in data.train if e.group != OPINION_GROUP}
    drawn = [{e.text for e in items if e.group == OPINION_GROUP} for items in epochs]
    assert all(own <= {e.text for e in items} for items in epochs)  # the dataset's own sentences, every epoch
    assert {len(d) for d in drawn} == {5}  # half the opinions, so every epoch has the same length
    assert len({frozenset(d) for d in drawn}) > 1  # drawn afresh, not one fixed half
    assert set().union(*drawn) == {e.text for e in data.train if e.group == OPINION_GROUP}
    assert [len(e) for e in epochs] == [11] * 12
    # the same seed draws the same epochs
    again = random.Random(0)
    redrawn = [data.epoch_train(again) for _ in range(12)]
    assert [[e.text for e in x] for x in redrawn] == [[e.text for e in x] for x in epochs]
    whole = _subjective_task(1.0)
    assert whole.epoch_train(random.Random(0)) == whole.train


def test_class_weights_follow_what_an_epoch_draws():
    # 3 own positives + 8 opinion positives at 0.5 x 0.5 against 3 own negatives + 2 opinion negatives
    half, whole = _subjective_task(0.5), _subjective_task(1.0)
    assert [half.epoch_weight(e) for e in half.train[5:7]] == [1.0, 0.25]
    assert _pos_weight(half) == pytest.approx((3 + 2 * 0.25) / (3 + 8 * 0.25))
    assert _pos_weight(whole) == pytest.approx((3 + 2 * 0.5) / (3 + 8 * 0.5))


def test_a_batch_plan_keeps_its_length_from_epoch_to_epoch():
    cfg = TrainConfig(batch_size=4, opinion_share=0.5)
    tasks = {"subjective": _subjective_task(cfg.opinion_share)}
    rng = random.Random(0)
    plans = [_batch_plan(tasks, cfg, rng) for _ in range(3)]
    assert [sum(len(b) for _, b in plan) for plan in plans] == [11, 11, 11]
    assert len({tuple(e.text for _, b in plan for e in b) for plan in plans}) > 1
    for bad in (0.0, 1.2):
        with pytest.raises(ValueError, match="opinion_share"):
            TrainConfig(opinion_share=bad)


def test_npov_statements_are_balanced_down_weighted_and_clean(tmp_path):
    raw = tmp_path / NPOV_DIR
    raw.mkdir(parents=True)
    biased = ["The brilliant mayor bravely saved the doomed town.", "A truly shameful vote took place today."]
    (raw / "statements_biased").write_text("\n".join([*biased, biased[0], "The r?y??volution came."]))
    (raw / "statements_neutral_cw-hard").write_text("The mayor met the council on a Monday.\nToo short.\n")
    (raw / "statements_neutral_type_balanced").write_text("The vote took place on a Monday in June.\n")
    assert sorted(read_npov(tmp_path)) == sorted(
        [
            (biased[0], 1),
            (biased[1], 1),
            ("The mayor met the council on a Monday.", 0),
            ("The vote took place on a Monday in June.", 0),
        ]
    )
    picked = npov_examples(
        TrainConfig(data_dir=tmp_path, npov_per_class=1, npov_weight=0.5), random.Random(0)
    )
    assert sorted(e.label for e in picked) == [0, 1] and {e.weight for e in picked} == {0.5}
    assert all(e.text == e.text.lower() for e in picked)
    assert npov_examples(TrainConfig(data_dir=tmp_path, npov_per_class=0), random.Random(0)) == []
    assert npov_examples(TrainConfig(data_dir=tmp_path / "absent"), random.Random(0)) == []


def test_sentences_the_two_babe_rounds_disagree_on_train_on_a_soft_target(tmp_path):
    folder = tmp_path / "babe" / "data"
    folder.mkdir(parents=True)
    head = "text;label_bias;biased_words\n"
    (folder / "final_labels_SG1.csv").write_text(
        head + "The plan is a disaster.;Biased;['disaster']\nThe vote was held.;Biased;[]\n", encoding="utf-8"
    )
    items = [
        babe_example("The plan is a disaster.", 1, ["disaster"]),
        babe_example("The vote was held.", 0, []),
        babe_example("Taxes rose in May.", 0, []),
    ]
    soft = soften_disagreements(items, TrainConfig(data_dir=tmp_path, babe_soft_disagreement=True))
    assert [e.target for e in soft] == [None, 0.5, None]
    assert [e.label for e in soft] == [1, 0, 0]
    assert soften_disagreements(items, TrainConfig(data_dir=tmp_path, babe_soft_disagreement=False)) == items
    assert (
        soften_disagreements(items, TrainConfig(data_dir=tmp_path / "absent", babe_soft_disagreement=True))
        == items
    )


def test_recipe_flags_default_to_the_recipe_and_reach_it():
    import argparse

    parser = argparse.ArgumentParser()
    add_recipe_arguments(parser)
    assert TrainConfig(**recipe_from_args(parser.parse_args([]))) == TrainConfig()
    args = parser.parse_args(["--no-named-twins", "--npov-per-class", "0", "--twin-share", "0.75"])
    cfg = TrainConfig(**recipe_from_args(args))
    assert (cfg.named_twins, cfg.npov_per_class, cfg.twin_share) == (False, 0, 0.75)


def test_axis_anchors_are_off_topic_sentences_at_a_soft_middle():
    from framing import load_analyzer

    analyzer = load_analyzer(packs=["russia-ukraine"], model=None)
    off_topic = [
        "the city council approved the budget for the new library on tuesday.",
        "nguyen filed this report from the state capitol.",
        "the senator said the tax bill would pass before the holidays.",
        "the city council approved the budget for the new library on tuesday.",  # a duplicate
    ]
    on_topic = [
        "kiev said the talks would resume next week.",  # a pack term
        "the troops crossed the river at dawn.",
        "putin met the governor in the kremlin.",
        "nato ministers gather in brussels.",
        "the ukrainian grain deal was extended.",
    ]
    items = [Example(t, i % 2) for i, t in enumerate(on_topic + off_topic)]
    anchors = axis_anchors(items, TrainConfig(axis_anchors=10, anchor_weight=0.5), analyzer)
    assert sorted(e.text for e in anchors) == sorted(set(off_topic))
    assert {(e.target, e.weight, e.group) for e in anchors} == {(0.5, 0.5, "anchor")}
    two = axis_anchors(items, TrainConfig(axis_anchors=2), analyzer)
    assert len(two) == 2 and two == axis_anchors(items, TrainConfig(axis_anchors=2), analyzer)
    assert axis_anchors(items, TrainConfig(axis_anchors=0), analyzer) == []


def test_the_weight_average_follows_the_trained_weights_and_replaces_them():
    net = torch.nn.Linear(2, 1)
    net.bias.requires_grad = False
    start = net.weight.detach().clone()
    average = WeightAverage(net, decay=0.5)
    with torch.no_grad():
        net.weight.add_(1.0)
    average.update()  # the warm-up decay of the first step is 2/11
    assert torch.allclose(average.shadow[0], start + 9 / 11)
    for _ in range(200):
        average.update()
    assert torch.allclose(average.shadow[0], net.weight, atol=1e-6)
    with torch.no_grad():
        net.weight.zero_()
    average.apply()
    assert torch.allclose(net.weight, start + 1.0, atol=1e-6)
    assert len(average.shadow) == 1  # frozen weights are not averaged
    with pytest.raises(ValueError):
        TrainConfig(ema=1.0)


def test_a_scaled_step_moves_the_encoder_group_by_that_share_and_restores_its_rate():
    head, encoder = torch.nn.Parameter(torch.zeros(2)), torch.nn.Parameter(torch.zeros(2))
    optim = torch.optim.SGD([{"params": [head], "lr": 1.0}, {"params": [encoder], "lr": 0.1}])
    head.grad, encoder.grad = torch.ones(2), torch.ones(2)
    step_with_scaled_lr(optim, 0.5)
    assert head.tolist() == [-1.0, -1.0]  # the heads learn at their full rate
    assert encoder.tolist() == pytest.approx([-0.05, -0.05])
    assert optim.param_groups[1]["lr"] == 0.1


@pytest.mark.parametrize("scale", [0.0, 1.5])
def test_the_subjective_lr_scale_is_a_share(scale):
    with pytest.raises(ValueError, match="subjective_lr_scale"):
        TrainConfig(subjective_lr_scale=scale)
