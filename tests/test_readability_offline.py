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
