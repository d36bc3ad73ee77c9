/**
 * Errors a user can cause and fix: a bad setting, a missing file, a warehouse in use, a failed job. The command
 * line prints one of these as one line, `error: <message>`, and exits with its `exitCode`; anything else is a
 * bug and is printed with its stack. Imports nothing, so every layer can derive its errors from these.
 */

/** An error the user can fix; the CLI prints its message alone and exits 1. */
export class UserError extends Error {
  /** The process exit code the CLI uses (a getter, so errors carry no extra field into logs or inspection). */
  get exitCode(): number {
    return 1;
  }
}

/** A command line that cannot be run as typed; the CLI adds "Run with --help for usage." and exits 2. */
export class UsageError extends UserError {
  override get exitCode(): number {
    return 2;
  }
}

/** Refused for now, not for good: what it needs is in use (a job is running). Try again later. */
export class BusyError extends UserError {}
