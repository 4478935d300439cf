"""The developer tools' command line (`python -m interviews.dev`)."""

import pytest

from interviews.dev import cli


def test_bench_refuses_an_unknown_part(capsys):
    assert cli.main(["bench", "--parts", "build,nonsense"]) == 2
    assert "unknown --parts ['nonsense']" in capsys.readouterr().err


def test_commands_and_their_defaults():
    parser = cli.build_parser()
    assert parser.parse_args(["audit"]).out == "reports/audit.md"
    assert parser.parse_args(["bench"]).parts == ",".join(cli.BENCH_PARTS)
    with pytest.raises(SystemExit):
        parser.parse_args(["serve"])
