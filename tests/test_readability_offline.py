"""Readability never touches the network: textstat must not try to download NLTK's cmudict."""

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import socket, nltk

    def no_network(*args, **kwargs):
        raise RuntimeError("network used")

    socket.socket.connect = no_network
    socket.create_connection = no_network
    nltk.download = no_network

    from vibelint.text import readability
    hard = ("Institutional organizational considerations necessitate comprehensive reevaluation of "
            "interdepartmental communication methodologies.")
    easy = "The cat sat on the mat. It was warm. We had tea."
    print(readability.score(hard, "flesch-reading-ease") < 0 < readability.score(easy, "flesch-reading-ease"))
""")


def test_readability_runs_with_no_network():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


STAND_IN = textwrap.dedent("""
    import socket, sys

    def no_network(*args, **kwargs):
        raise RuntimeError("network used")

    socket.socket.connect = no_network
    socket.create_connection = no_network

    from vibelint.text import readability
    print(round(readability.score("The cat sat on the mat. It was warm. We had tea.", "flesch-reading-ease"), 2))
    print("nltk" in sys.modules)  # the stand-in is gone
    import nltk
    print(callable(nltk.download))  # and a later import gets the real NLTK
""")


def test_textstat_loads_without_nltk_and_leaves_the_real_one_importable():
    result = subprocess.run([sys.executable, "-c", STAND_IN], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["118.18", "False", "True"]  # 12 one-syllable words, 3 sentences


def test_the_syllable_patch_keeps_each_language_a_host_program_asks_for():
    """The patched syllable count is process-wide: a program that uses vibelint and scores German text with
    textstat itself must still get textstat's German count (and English must be unchanged too)."""
    from textstat.backend.counts import count_syllables as textstat_count  # textstat's own, never replaced
    from textstat.backend.metrics import _syllables_per_word

    from vibelint.text import readability

    readability.score("The cat sat on the mat.", "flesch-reading-ease")  # installs the patch
    german = "Die Zusammenarbeit der Donaudampfschifffahrtsgesellschaft verdient eine Entschuldigung."
    english = "Institutional considerations necessitate comprehensive reevaluation."
    for text, lang in ((german, "de_DE"), (english, "en_US")):
        assert _syllables_per_word.count_syllables(text, lang) == textstat_count(text, lang)
    assert textstat_count(german, "de_DE") != textstat_count(german, "en_US")  # the languages really differ here
