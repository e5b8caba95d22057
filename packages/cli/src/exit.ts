/** Exit codes: 0 ok, 1 the check/operation failed, 2 bad usage or configuration, 3 database unavailable or locked. */
export const EXIT = { ok: 0, failed: 1, usage: 2, unavailable: 3 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
