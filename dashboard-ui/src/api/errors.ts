// What an administrator is told for a failed call, and whether trying again can help.
import { ApiError } from './client';

export interface ErrorInfo {
  message: string;
  retryable: boolean;
}

/** `forbidden` replaces the 403 text (the access log needs another role than the analytics). */
export function describeError(error: unknown, forbidden?: string): ErrorInfo {
  const status = error instanceof ApiError ? error.status : 0;
  if (status === 403 && forbidden) return { message: forbidden, retryable: false };
  if (status === 401) {
    return { message: 'Your session has expired or is not valid: please sign in again.', retryable: false };
  }
  if (status === 403) {
    return { message: 'Access denied: your account lacks the super_admin role.', retryable: false };
  }
  if (status === 400 && error instanceof ApiError) {
    return { message: `The service refused the request: ${error.message}`, retryable: false };
  }
  if (status === 0) {
    return { message: 'The dashboard service could not be reached.', retryable: true };
  }
  if (status === 503) {
    return { message: 'The dashboard service is temporarily unavailable.', retryable: true };
  }
  return { message: `The dashboard service answered with an error (HTTP ${status}).`, retryable: true };
}

/** Only a temporary failure is retried automatically, and only twice: 401/403 never change by retrying. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  const temporary = error.status === 0 || error.status === 503 || error.status === 502 || error.status === 504;
  return temporary && failureCount < 2;
}
