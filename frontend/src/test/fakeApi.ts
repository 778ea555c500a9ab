import { AxiosError, AxiosHeaders, type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import type { ApiError, Paginated } from '@stratum/contracts';

/**
 * A fake of the HTTP boundary only: the real axios client, interceptors and hooks run, and this adapter answers
 * in place of the network. Handlers see what the browser would have sent (method, path, query, body, headers).
 */
export interface FakeRequest {
  method: string;
  path: string;
  params: Record<string, unknown>;
  body: unknown;
  headers: Record<string, string>;
}

export interface FakeResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = (request: FakeRequest) => FakeResponse | Promise<FakeResponse>;

export function ok<T>(data: T, status = 200): FakeResponse {
  return { status, body: { success: true, data, message: null, errors: null } };
}

export function fail(status: number, message: string, errors: ApiError[] = [], headers?: Record<string, string>): FakeResponse {
  return { status, body: { success: false, data: null, message, errors }, headers };
}

export function page<T>(items: T[], total = items.length, pageNumber = 1, pageSize = 20): Paginated<T> {
  return { items, total, page: pageNumber, page_size: pageSize };
}

export function createFakeApi() {
  const routes: { method: string; path: string | RegExp; handler: Handler }[] = [];
  const requests: FakeRequest[] = [];

  function on(method: string, path: string | RegExp, handler: Handler | FakeResponse) {
    const fn: Handler = typeof handler === 'function' ? handler : () => handler;
    // Later registrations win, so a test can override a default answer.
    routes.unshift({ method: method.toUpperCase(), path, handler: fn });
  }

  const adapter: AxiosAdapter = async (config: InternalAxiosRequestConfig) => {
    const url = `${config.baseURL ?? ''}${config.url ?? ''}`;
    const path = url.split('?')[0] ?? url;
    const request: FakeRequest = {
      method: (config.method ?? 'get').toUpperCase(),
      path,
      params: { ...(config.params as Record<string, unknown> | undefined) },
      body: typeof config.data === 'string' ? JSON.parse(config.data) : config.data,
      headers: Object.fromEntries(
        Object.entries(AxiosHeaders.from(config.headers).toJSON()).map(([key, value]) => [key.toLowerCase(), String(value)]),
      ),
    };
    requests.push(request);
    const route = routes.find(
      (r) => r.method === request.method && (typeof r.path === 'string' ? r.path === path : r.path.test(path)),
    );
    const answer = route ? await route.handler(request) : fail(404, `No fake for ${request.method} ${path}`);
    const response: AxiosResponse = {
      data: answer.body ?? null,
      status: answer.status ?? 200,
      statusText: String(answer.status ?? 200),
      headers: answer.headers ?? {},
      config,
      request: {},
    };
    const validate = config.validateStatus ?? ((status: number) => status >= 200 && status < 300);
    if (validate(response.status)) return response;
    // Real adapters reject non-2xx answers with an AxiosError carrying the response; so does the fake.
    throw new AxiosError(`Request failed with status code ${response.status}`, AxiosError.ERR_BAD_REQUEST, config, {}, response);
  };

  const calls = (method: string, path: string) =>
    requests.filter((r) => r.method === method.toUpperCase() && r.path === path);

  return { on, adapter, requests, calls };
}

export type FakeApi = ReturnType<typeof createFakeApi>;
