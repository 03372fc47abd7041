"""The end-to-end story behind ``make demo`` runs, verifies the honest proof and rejects every tampering."""
import pytest

from zkcred.demos import bbs_story


@pytest.mark.parametrize("suite", ["BLS12-381-SHA-256", "BLS12-381-SHAKE-256"])
def test_story(suite):
    lines: list[str] = []
    assert bbs_story.run(suite, out=lines.append) == 0
    text = "\n".join(lines)
    assert "   VALID" in text and "Story complete." in text
    assert "ACCEPTED" not in text
    assert text.count("INVALID (") + text.count("MALFORMED (") == 5
