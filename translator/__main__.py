from translator.cli import main

main(prog_name="translator")
