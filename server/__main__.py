"""`python -m server` is the `formcheck` command."""

from server.cli import main

main()
