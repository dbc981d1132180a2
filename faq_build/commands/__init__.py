"""The editor's tools, one module per `faq-build` subcommand (like mkdocs/commands/)."""
