"""`python -m unveil.cli`."""

from unveil.cli import main

main()
