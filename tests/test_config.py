"""`.framing.toml`: validation with clear messages, upward discovery, and CLI > file > defaults."""

import dataclasses

import pytest

from framing.cli import ExitStatus, main
from framing.config import ConfigError, ConfigResolver, LintConfig, find_config, load_config

from conftest import DATA

pytestmark = pytest.mark.usefixtures("rules_only")

MINI_DIR = DATA / "packs"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults():
    cfg = LintConfig()
    assert (cfg.packs, cfg.min_severity, cfg.fail_on, cfg.quotes) == (None, "info", "warning", "separate")


def test_config_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        LintConfig().fail_on = "error"  # type: ignore[misc]


def test_full_file_is_read(tmp_path):
    f = write(
        tmp_path / ".framing.toml",
        'packs = ["mini"]\npacks_dirs = ["house"]\nmin_severity = "warning"\nfail_on = "error"\n'
        'quotes = "count"\nallow = ["mini.bloc"]\ndeny = ["Kiev"]\n\n'
        '[severity]\n"mini.capital" = "warning"\n',
    )
    cfg = load_config(f)
    assert cfg.packs == ("mini",)
    assert cfg.packs_dirs == ((tmp_path / "house").resolve(),)  # relative to the config file
    assert (cfg.min_severity, cfg.fail_on, cfg.quotes) == ("warning", "error", "count")
    assert cfg.allow == ("mini.bloc",) and cfg.deny == ("Kiev",)
    assert cfg.severity_map == {"mini.capital": "warning"} and cfg.path == f


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('fial_on = "error"', "unknown key 'fial_on' (did you mean 'fail_on'?)"),
        ('fail_on = "fatal"', "key 'fail_on' must be one of info, warning, error; got 'fatal'"),
        ("min_severity = 3", "key 'min_severity' must be a string"),
        ('quotes = "skip"', "key 'quotes' must be one of count, separate, ignore"),
        ('packs = "mini"', "key 'packs' must be a list of non-empty strings"),
        ("packs = []", "key 'packs' must name at least one pack"),
        ('allow = ["Kiev"]\ndeny = ["kiev"]', "keys 'allow' and 'deny' both list kiev"),
        ('[severity]\n"mini.capital" = "fatal"', "key 'severity': level of 'mini.capital' must be one of"),
        ('[severity]\n"capital" = "info"', "key 'severity': 'capital' is not a rule id"),
        ('severity = "error"', "key 'severity' must be a table"),
        ("fail_on = ", "not valid TOML"),
    ],
)
def test_invalid_files_name_the_file_and_the_key(tmp_path, content, message):
    f = write(tmp_path / ".framing.toml", content)
    with pytest.raises(ConfigError) as info:
        load_config(f)
    assert str(info.value).startswith(f"{f}: ") and message in str(info.value)


def test_bad_config_is_exit_2_with_the_message(tmp_path, capsys):
    write(tmp_path / ".framing.toml", 'fail_on = "fatal"')
    draft = write(tmp_path / "d.txt", "Kiev.")
    code, _, err = run(capsys, "check", str(draft))
    assert code == ExitStatus.USAGE and ".framing.toml: key 'fail_on'" in err


def test_discovery_walks_up_from_the_file(tmp_path):
    cfg = write(tmp_path / ".framing.toml", 'fail_on = "error"')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == cfg
    assert find_config(deep / "draft.txt") == cfg
    nearer = write(tmp_path / "a" / ".framing.toml", 'fail_on = "info"')
    assert find_config(deep) == nearer
    resolver = ConfigResolver()
    assert resolver.for_path(deep / "draft.txt").fail_on == "info"
    assert resolver.for_path(tmp_path / "draft.txt").fail_on == "error"


def test_forced_and_disabled_config(tmp_path):
    write(tmp_path / ".framing.toml", 'fail_on = "error"')
    other = write(tmp_path / "elsewhere" / "team.toml", 'fail_on = "info"')
    assert ConfigResolver(other).for_path(tmp_path / "d.txt").fail_on == "info"
    assert ConfigResolver(discover=False).for_path(tmp_path / "d.txt").fail_on == "warning"


def test_precedence_cli_over_file_over_defaults():
    file_cfg = LintConfig(fail_on="error", quotes="count", min_severity="warning")
    merged = file_cfg.merged(fail_on="info", quotes=None, min_severity=None)
    assert merged.fail_on == "info"  # command line wins
    assert merged.quotes == "count" and merged.min_severity == "warning"  # file wins over defaults
    assert LintConfig().merged().quotes == "separate"  # defaults


def test_cli_lists_add_to_the_file_and_move_entries_between_allow_and_deny():
    file_cfg = LintConfig(allow=("mini.bloc",), deny=("Kiev",), severity=(("mini.capital", "info"),))
    merged = file_cfg.merged(allow=["Kiev"], deny=["Odessa"], severity=[("mini.bloc", "error")])
    assert merged.allow == ("mini.bloc", "Kiev")
    assert merged.deny == ("Odessa",)
    assert merged.severity_map == {"mini.capital": "info", "mini.bloc": "error"}


def test_bad_cli_value_names_the_command_line():
    with pytest.raises(ConfigError, match="command line: key 'severity'"):
        LintConfig().merged(severity=[("mini.capital", "loud")])


def test_precedence_end_to_end(tmp_path, capsys):
    root = tmp_path / "newsroom"
    write(
        root / ".framing.toml",
        f'packs = ["mini"]\npacks_dirs = ["{MINI_DIR}"]\nfail_on = "error"\nmin_severity = "warning"\n',
    )
    draft = write(root / "desk" / "draft.txt", "The US-led military bloc met.")  # one warning
    code, out, _ = run(capsys, "check", str(draft))
    assert code == ExitStatus.OK and "warning mini.bloc" in out  # file: fail only on errors
    assert run(capsys, "check", str(draft), "--fail-on", "warning")[0] == ExitStatus.FINDINGS  # CLI wins
    code, out, _ = run(capsys, "check", str(draft), "--min-severity", "error")
    assert "mini.bloc" not in out
    # Without the file: defaults (fail on warning) and the built-in packs, which do not have mini.bloc.
    code, out, _ = run(
        capsys, "check", str(draft), "--no-config", "--packs", "mini", "--packs-dir", str(MINI_DIR)
    )
    assert code == ExitStatus.FINDINGS


def test_packs_dirs_in_the_file_are_relative_to_it(tmp_path, capsys):
    house = tmp_path / "house"
    house.mkdir()
    (house / "mini.yaml").write_text((MINI_DIR / "mini.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    write(tmp_path / ".framing.toml", 'packs = ["mini"]\npacks_dirs = ["house"]\n')
    draft = write(tmp_path / "sub" / "d.txt", "Sirens sounded in Kiev.")
    code, out, _ = run(capsys, "check", str(draft))
    assert code == ExitStatus.FINDINGS and "mini.capital" in out


def test_unknown_rule_ids_in_the_config_are_warned_about(tmp_path, capsys):
    write(
        tmp_path / ".framing.toml", f'packs = ["mini"]\npacks_dirs = ["{MINI_DIR}"]\nallow = ["mini.nope"]\n'
    )
    draft = write(tmp_path / "d.txt", "Kyiv.")
    _, _, err = run(capsys, "check", str(draft))
    assert "'mini.nope' is not an installed rule id" in err
