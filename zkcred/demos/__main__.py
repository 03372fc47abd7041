"""``make demo``: the main job. The credential story (blind issuance, predicates, presentations, cheaters), the
revocation story (a registry on a SQLite ledger in a temporary directory), the BBS story underneath them, then
the native core's self-check.

``python -m zkcred.demos --ledger anvil`` (``make demo-evm``) tells the revocation story on a local anvil node
(the EVM ledger) instead. Exit status 0 when every step behaved as expected.
"""
import argparse
import sys

from . import bbs_story, credential_story, revocation_story, selfcheck


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m zkcred.demos", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ledger", choices=("sqlite", "anvil"), default="sqlite",
                        help="the revocation story's ledger: a SQLite file in a temporary directory (default) or "
                             "a local anvil node (the EVM ledger)")
    args = parser.parse_args(argv)
    status = credential_story.run()
    print()
    status |= revocation_story.run(ledger=args.ledger)
    print()
    status |= bbs_story.run()
    print()
    status |= selfcheck.run()
    return status


if __name__ == "__main__":
    sys.exit(main())
