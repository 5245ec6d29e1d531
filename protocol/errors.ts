// Errors meant for the person at the terminal (bad options, input files, databases), raised by
// every layer (host, reports): the CLI prints them as one message, no stack, with their exit code.
export class UserError extends Error {
  constructor(message: string, readonly exitCode: number = 2) {
    super(message);
    this.name = 'UserError';
  }
}
