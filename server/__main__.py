"""`python -m server` is the `formcheck` command."""

from server.cli.main import main

main()
