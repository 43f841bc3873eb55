;;; vibelint.el --- vibelint prose linting through Eglot  -*- lexical-binding: t; -*-

;; Load this file (or copy its forms into your init file). It tells Eglot to run
;; `vibelint lsp --stdio' for Markdown and plain text and starts it when such a buffer opens.
;; Diagnostics show through Flymake, the rule's explanation through ElDoc (hover), fixes and
;; "disable this rule" through M-x eglot-code-actions. Tested with Emacs 28 and Eglot 1.9
;; (Debian: emacs-nox elpa-eglot elpa-markdown-mode); Eglot is built in from Emacs 29.

;;; Code:

(require 'eglot)

(defgroup vibelint nil
  "Prose style linting with the vibelint language server."
  :group 'tools)

(defcustom vibelint-command '("vibelint" "lsp" "--stdio")
  "Command that starts the vibelint language server.
Use an absolute path when `vibelint' is not on `exec-path',
e.g. (\"~/project/.venv/bin/vibelint\" \"lsp\" \"--stdio\")."
  :type '(repeat string))

(defun vibelint--contact (&optional _interactive)
  "The server command, read when a server starts (so later changes count)."
  vibelint-command)

(add-to-list 'eglot-server-programs
             '(((markdown-mode :language-id "markdown")
                (text-mode :language-id "plaintext"))
               . vibelint--contact))

(defun vibelint-maybe-start ()
  "Start vibelint in Markdown and plain `text-mode' buffers (not in other text modes such as Org)."
  (when (or (derived-mode-p 'markdown-mode) (eq major-mode 'text-mode))
    (eglot-ensure)))

(add-hook 'text-mode-hook #'vibelint-maybe-start)

(provide 'vibelint)
;;; vibelint.el ends here
