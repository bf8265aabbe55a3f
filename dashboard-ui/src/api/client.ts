// The one place that talks to the dashboard service. The access token is fetched for every call and
// only ever placed in the Authorization header: never in a URL, storage, a log or rendered state.
import type { AuditPage, AuditVerification, Erasure, Problem } from './types';

/** A failed call: `status` 0 means the service could not be reached (network, CORS, DNS). */
export class ApiError extends Error {
  readonly status: number;
  readonly problem?: Problem;

  constructor(status: number, message: string, problem?: Problem) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

/**
 * The query parameters every analytics endpoint takes, plus endpoint-specific ones (metric, limit…); a list is
 * a repeated parameter, in its order (the funnel's `step`).
 */
export type QueryParams = Record<string, string | number | readonly string[] | undefined>;

export interface ApiClient {
  getJson<T>(endpoint: string, params: QueryParams, signal?: AbortSignal): Promise<T>;
  getCsv(endpoint: string, params: QueryParams): Promise<Blob>;
  /** One page of a cursor-paged CSV answer (/accounts…); `next` comes from the X-Next-Cursor header. */
  getCsvPage(endpoint: string, params: QueryParams): Promise<CsvPage>;
  eraseUser(sub: string): Promise<Erasure>;
  /** One page of the audit trail (`/api/admin/audit`), newest first. */
  readAudit(params: QueryParams, signal?: AbortSignal): Promise<AuditPage>;
  /** One page of the audit trail as CSV; `next` comes from the X-Next-Cursor header. */
  readAuditCsv(params: QueryParams): Promise<CsvPage>;
  verifyAudit(): Promise<AuditVerification>;
}

export interface CsvPage {
  csv: string;
  next: string | null;
}

export function createApiClient(baseUrl: string, getAccessToken: () => Promise<string>): ApiClient {
  const origin = baseUrl.replace(/\/+$/, '');
  const root = `${origin}/api/admin/analytics`;
  const auditRoot = `${origin}/api/admin/audit`;

  async function call(method: 'GET' | 'DELETE', url: string, accept: string, signal?: AbortSignal): Promise<Response> {
    let token: string;
    try {
      token = await getAccessToken();
    } catch {
      throw new ApiError(401, 'Could not get an access token');
    }
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { Authorization: `Bearer ${token}`, Accept: accept },
        credentials: 'omit', // bearer only: no cookies to the service
        referrerPolicy: 'no-referrer', // the host page's URL is none of the service's business
        cache: 'no-store',
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiError(0, 'The dashboard service could not be reached');
    }
    if (!response.ok) throw await toApiError(response);
    return response;
  }

  return {
    async getJson<T>(endpoint: string, params: QueryParams, signal?: AbortSignal): Promise<T> {
      const response = await call('GET', `${root}${endpoint}${queryString(params)}`, 'application/json', signal);
      return (await response.json()) as T;
    },
    async getCsv(endpoint: string, params: QueryParams): Promise<Blob> {
      const response = await call('GET', `${root}${endpoint}${queryString(params)}`, 'text/csv');
      return response.blob();
    },
    async getCsvPage(endpoint: string, params: QueryParams): Promise<CsvPage> {
      const response = await call('GET', `${root}${endpoint}${queryString(params)}`, 'text/csv');
      return { csv: await response.text(), next: response.headers.get('X-Next-Cursor') };
    },
    async eraseUser(sub: string): Promise<Erasure> {
      const response = await call('DELETE', `${root}/users/${encodeURIComponent(sub)}`, 'application/json');
      return (await response.json()) as Erasure;
    },
    async readAudit(params: QueryParams, signal?: AbortSignal): Promise<AuditPage> {
      const response = await call('GET', `${auditRoot}${queryString(params)}`, 'application/json', signal);
      return (await response.json()) as AuditPage;
    },
    async readAuditCsv(params: QueryParams): Promise<CsvPage> {
      const response = await call('GET', `${auditRoot}${queryString(params)}`, 'text/csv');
      return { csv: await response.text(), next: response.headers.get('X-Next-Cursor') };
    },
    async verifyAudit(): Promise<AuditVerification> {
      const response = await call('GET', `${auditRoot}/verify`, 'application/json');
      return (await response.json()) as AuditVerification;
    },
  };
}

export function queryString(params: QueryParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) {
      for (const item of value) search.append(key, item);
    } else if (value !== undefined && value !== '') {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function toApiError(response: Response): Promise<ApiError> {
  let problem: Problem | undefined;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      problem = (await response.json()) as Problem;
    } catch {
      problem = undefined;
    }
  }
  const message = problem?.detail ?? problem?.title ?? `HTTP ${response.status}`;
  return new ApiError(response.status, message, problem);
}
