"""Readability never touches the network and never loads textstat or NLTK (textstat 0.7 downloads cmudict)."""

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import socket, sys

    def no_network(*args, **kwargs):
        raise RuntimeError("network used")

    socket.socket.connect = no_network
    socket.create_connection = no_network

    from vibelint.text import readability
    hard = ("Institutional organizational considerations necessitate comprehensive reevaluation of "
            "interdepartmental communication methodologies.")
    easy = "The cat sat on the mat. It was warm. We had tea."
    print(readability.score(hard, "flesch-reading-ease") < 0 < readability.score(easy, "flesch-reading-ease"))
    print(round(readability.score(easy, "flesch-reading-ease"), 2))  # 12 one-syllable words, 3 sentences
    print(sorted(name for name in ("textstat", "nltk") if name in sys.modules))
""")


def test_readability_runs_with_no_network_and_without_textstat_or_nltk():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == ["True", "118.18", "[]"]
