import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

/** The typed API client: same origin, the session cookie travels with every request. */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

/** A problem details answer (RFC 9457), with the field errors of a validation problem and extras such as `problems`. */
export interface Problem {
  status: number;
  title?: string | null;
  detail?: string | null;
  errors?: Record<string, string[]>;
  code?: string;
  problems?: Schemas['DefinitionProblemResponse'][];
  [key: string]: unknown;
}

export class ApiError extends Error {
  constructor(public readonly problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
  }

  /** The messages for one field, matched without regard to case (the API names fields in camelCase or PascalCase). */
  fieldErrors(field: string): string[] {
    const errors = this.problem.errors ?? {};
    const wanted = field.toLowerCase();
    return Object.entries(errors)
      .filter(([name]) => name.toLowerCase() === wanted || name.toLowerCase().startsWith(wanted + '.') || name.toLowerCase().startsWith(wanted + '['))
      .flatMap(([, messages]) => messages);
  }
}

/** Unwraps an openapi-fetch answer: the data, or an ApiError carrying the problem details. Never fails silently. */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch (e) {
    throw new ApiError({ status: 0, title: 'Network error', detail: e instanceof Error ? e.message : String(e) });
  }
  if (result.response.ok) {
    return result.data as T;
  }
  const body = result.error;
  const problem: Problem =
    body && typeof body === 'object'
      ? { status: result.response.status, ...(body as object) }
      : { status: result.response.status, title: result.response.statusText, detail: typeof body === 'string' ? body : undefined };
  if (problem.status === 401) {
    window.dispatchEvent(new CustomEvent('etrepaye:unauthorized'));
  }
  throw new ApiError(problem);
}

export function num(value: number | string | null | undefined): number {
  return typeof value === 'number' ? value : value == null ? 0 : Number(value);
}

/**
 * A client for one company's resources. The OpenAPI document declares `{companyId}` in the company routes' paths
 * but not among their parameters, so it is filled in here rather than in each call.
 */
export function companyApi(companyId: string) {
  const client = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
  client.use({
    async onRequest({ request }) {
      const url = request.url.replace(/%7BcompanyId%7D|\{companyId\}/gi, encodeURIComponent(companyId));
      if (url === request.url) return request;
      // A request cannot be re-addressed in place, and a streamed body cannot be handed on without `duplex`: copy it.
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
      return new Request(url, { method: request.method, headers: request.headers, body, credentials: request.credentials, signal: request.signal });
    },
  });
  return client;
}
