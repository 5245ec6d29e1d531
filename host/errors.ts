// Errors meant for the person at the terminal: printed as one message, no stack, non-zero exit.
export class UserError extends Error {
  constructor(message: string, readonly exitCode: number = 2) {
    super(message);
    this.name = 'UserError';
  }
}
