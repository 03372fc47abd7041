"""The credential story behind ``make demo`` accepts the honest presentations and rejects every cheater."""
from zkcred.demos import credential_story


def test_story():
    lines: list[str] = []
    assert credential_story.run(out=lines.append) == 0
    text = "\n".join(lines)
    assert "Story complete." in text
    assert text.count("ACCEPTED") == 2 and "(unexpected)" not in text and "UNEXPECTED" not in text
    assert text.count("REJECTED (") == 7
    assert "REFUSED (" in text
