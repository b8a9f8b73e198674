from addin.cli import main

main()
