"""Engine changes move no finding: every regression draft's findings match the committed digest.

The drafts are the whole ../shared/corpus and the 1 MB benchmark draft (scripts/findings_digest.py
says how the digest is made; ``--write`` records a new reference after an intended change,
``--show NAME`` prints a draft's findings to compare by hand).
"""

import importlib.util
import json

import pytest
from conftest import ROOT, needs_corpus


def _module():
    spec = importlib.util.spec_from_file_location("findings_digest", ROOT / "scripts" / "findings_digest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow  # lints every regression draft of the corpus
@needs_corpus("longform", "authors", "karpathy_en.md", "make_corpus.py")
def test_findings_on_the_regression_drafts_are_unchanged():
    digest = _module()
    reference = json.loads(digest.REFERENCE.read_text(encoding="utf-8"))
    now = digest.current()
    assert digest.differences(now, reference) == []
    assert len(now) > 150 and sum(n for n, _ in now.values()) > 1000  # the drafts were really linted
