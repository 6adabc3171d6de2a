from notes_cli.cli import main

main()
