"""``make demo``: the main job. The BBS credential story end to end, then the native core's self-check.

Exit status 0 when every step behaved as expected.
"""
import sys

from . import bbs_story, selfcheck


def main() -> int:
    status = bbs_story.run()
    print()
    status |= selfcheck.run()
    return status


if __name__ == "__main__":
    sys.exit(main())
