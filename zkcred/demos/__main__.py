"""``make demo``: the main job. The credential story (blind issuance, predicates, presentations, cheaters), the BBS
story underneath it, then the native core's self-check.

Exit status 0 when every step behaved as expected.
"""
import sys

from . import bbs_story, credential_story, selfcheck


def main() -> int:
    status = credential_story.run()
    print()
    status |= bbs_story.run()
    print()
    status |= selfcheck.run()
    return status


if __name__ == "__main__":
    sys.exit(main())
