"""A real Emacs (Debian's emacs-nox 28 with elpa-eglot 1.9 and elpa-markdown-mode) in batch mode,
set up with editors/emacs/vibelint.el as a user would: open a draft, get the diagnostics through
Flymake, the hover through Eglot's ElDoc function, and apply a quick fix with eglot-code-actions.

Skipped without Emacs and Eglot (see editor_toolchain.py); CI installs them and requires them.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT
from editor_toolchain import tools

# slow: drives a real Emacs; one xdist group with the other editors: one editor at a time on a 2-core machine
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("editors")]


SETUP = ROOT / "editors" / "emacs" / "vibelint.el"

SCRIPT = r"""
;; an interactive Emacs activates the installed packages (Debian's elpa-*) at startup; --batch does not
(package-activate-all)
(require 'cl-lib)
(require 'json)
(let* ((args command-line-args-left)
       (out (nth 0 args)) (draft (nth 1 args)) (setup (nth 2 args)) (python (nth 3 args))
       (result nil))
  (setq command-line-args-left nil)
  (cl-flet ((wait (what pred)
              (let ((deadline (+ (float-time) 60)))
                (while (and (not (funcall pred)) (< (float-time) deadline))
                  (accept-process-output nil 0.05))
                (unless (funcall pred) (error "timed out waiting for %s" what))))
            (plain-verbs ()
              (cl-remove-if-not (lambda (d) (string-match-p "Plain verb" (flymake-diagnostic-text d)))
                                (flymake-diagnostics))))
    (condition-case err
        (progn
          (load setup nil t)
          (setq vibelint-command (list python "-m" "vibelint" "lsp" "--stdio"))
          ;; settings as the setup notes show them: the server asks for the `vibelint' section
          (setq-default eglot-workspace-configuration '(:vibelint (:ignore ["karpathy.hype"])))
          (find-file draft)
          (push (cons 'mode (symbol-name major-mode)) result)
          ;; eglot-ensure connects once the current command finishes
          (run-hooks 'post-command-hook)
          (wait "the server" (lambda () (eglot-current-server)))
          (wait "diagnostics" (lambda () (plain-verbs)))
          (push (cons 'codes (delete-dups (mapcar (lambda (d) (car (split-string (flymake-diagnostic-text d) ":")))
                                                  (flymake-diagnostics))))
                result)
          (let ((d (car (plain-verbs))))
            (push (cons 'diagnostic
                        (list (cons 'text (flymake-diagnostic-text d))
                              (cons 'type (symbol-name (flymake-diagnostic-type d)))
                              (cons 'line (line-number-at-pos (flymake-diagnostic-beg d)))
                              (cons 'span (buffer-substring-no-properties (flymake-diagnostic-beg d)
                                                                          (flymake-diagnostic-end d)))))
                  result))
          ;; hover: what ElDoc shows with point on the word
          (goto-char (point-min))
          (search-forward "utilize")
          (backward-char 3)
          (let ((hover nil))
            (eglot-hover-eldoc-function (lambda (info &rest _) (setq hover (or info ""))))
            (wait "hover" (lambda () hover))
            (push (cons 'hover (substring-no-properties hover)) result))
          ;; M-x eglot-code-actions at point, picking the replacement from the menu
          (let ((offered nil)
                (last-nonmenu-event ?\r))
            (cl-letf (((symbol-function 'completing-read)
                       (lambda (_prompt collection &rest _)
                         (setq offered (mapcar #'car collection))
                         (cl-find-if (lambda (title) (string-match-p "use.*karpathy.plain-verbs" title)) offered))))
              (call-interactively #'eglot-code-actions))
            (push (cons 'actions offered) result))
          (push (cons 'fixed (buffer-substring-no-properties (point-min) (point-max))) result)
          ;; C-x C-s: batch Emacs never goes idle, so the idle timers that would send the change and
          ;; restart Flymake do not fire; saving does both (didChange + didSave, then a Flymake check)
          (save-buffer)
          (wait "diagnostics after the fix" (lambda () (null (plain-verbs))))
          (push (cons 'cleared t) result)
          (eglot-shutdown (eglot-current-server)))
      (error (push (cons 'error (error-message-string err)) result))))
  (with-temp-file out (insert (json-encode result)))
  (kill-emacs 0))
"""


def test_emacs_eglot_diagnostics_hover_and_code_action(tmp_path):
    emacs = tools("VIBELINT_EMACS")["VIBELINT_EMACS"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)  # a project for Eglot
    draft = tmp_path / "draft.md"
    draft.write_text("# Draft\n\nWe utilize it.\n\nA revolutionary idea here.\n", encoding="utf-8")
    script, out = tmp_path / "test.el", tmp_path / "out.json"
    script.write_text(SCRIPT, encoding="utf-8")
    proc = subprocess.run([emacs, "--batch", "-l", str(script), str(out), str(draft), str(SETUP), sys.executable],
                          cwd=tmp_path, capture_output=True, text=True, timeout=180, check=False)
    assert out.exists(), f"emacs wrote nothing (exit {proc.returncode}): {proc.stderr[-3000:]}"
    result = json.loads(out.read_text(encoding="utf-8"))
    assert "error" not in result, f"{result['error']}\n{proc.stderr[-3000:]}"
    assert result["mode"] == "markdown-mode"
    assert result["diagnostic"] == {"text": "vibelint [karpathy.plain-verbs]: Plain verb: write 'use' instead of 'utilize'.",
                                    "type": "eglot-warning",
                                    "line": 3, "span": "utilize"}
    assert "karpathy.plain-verbs" in result["hover"] and "Spec:" in result["hover"]
    assert any(title.startswith("Disable karpathy.plain-verbs for this line") for title in result["actions"])
    assert result["codes"] == ["vibelint [karpathy.plain-verbs]"]  # karpathy.hype is ignored by the settings
    assert result["fixed"] == "# Draft\n\nWe use it.\n\nA revolutionary idea here.\n"
    assert result["cleared"] is True
