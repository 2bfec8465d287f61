"""`python -m unveil`: the same command as the `unveil` script."""

from unveil.cli import main

main()
