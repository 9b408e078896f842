/**
 * Errors are values with a kind. A permanent error is bad input: retrying cannot help, so the
 * work item is marked failed with the reason and its message is consumed. A transient error
 * (throttling, timeouts, a service hiccup) is retried by SQS and lands in the DLQ after the
 * receive limit.
 */
export type ErrorKind = 'permanent' | 'transient';

export class PermanentError extends Error {
  readonly kind = 'permanent' as const;

  constructor(
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

export class TransientError extends Error {
  readonly kind = 'transient' as const;

  constructor(
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'TransientError';
  }
}

export const isPermanent = (error: unknown): error is PermanentError => error instanceof PermanentError;
