// Every subcommand, one module each. Adding a command = one module + one line here.
export {};
