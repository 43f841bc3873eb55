"""vibelint's language server (``vibelint lsp``): the engine behind pygls, for editors."""
