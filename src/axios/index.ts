/**
 * An axios interceptor pair that keeps a person's work across an expired session. A response that
 * says the session is gone parks the request outside axios's `timeout`; after the re-login it is
 * sent again through the same instance, with a fresh timeout. Returns the function that detaches it.
 *
 *   const detach = attachSession(axios, session);
 */
import type { AxiosInstance, AxiosResponse, InternalAxiosRequestConfig } from 'axios';

import type { Session } from '../core/index.ts';

export interface AttachSessionOptions {
  /** Which requests park; default: all. Return false for the app's own sign-in call. */
  shouldPark?: (config: InternalAxiosRequestConfig) => boolean;
}

/** axios's answer as a fetch `Response`, so the session reads status, headers and final URL. */
function asFetchResponse(response: AxiosResponse): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, String(item));
  }
  const status = response.status >= 200 && response.status <= 599 ? response.status : 200;
  const result = new Response(null, { status, headers });
  // The URL after redirects: XMLHttpRequest.responseURL in browsers, follow-redirects in Node.
  const request = response.request as { responseURL?: string; res?: { responseUrl?: string } } | undefined;
  const finalUrl = request?.responseURL || request?.res?.responseUrl;
  if (finalUrl) {
    const asked = response.config?.url ? new URL(response.config.url, response.config.baseURL ?? finalUrl).href : finalUrl;
    Object.defineProperties(result, { url: { value: finalUrl }, redirected: { value: finalUrl !== asked } });
  }
  return result;
}

/** The request as `prepareReplay` sees it: URL, method and headers (the body stays with axios). */
function asFetchRequest(config: InternalAxiosRequestConfig): Request {
  const url = new URL(config.url ?? '', new URL(config.baseURL ?? '', globalThis.location?.href ?? 'http://localhost/'));
  const headers = new Headers();
  for (const [name, value] of Object.entries(config.headers?.toJSON?.() ?? {})) {
    if (value !== undefined && value !== null && typeof value !== 'object') headers.set(name, String(value));
  }
  return new Request(url, { method: (config.method ?? 'get').toUpperCase(), headers });
}

/** The config with each header that `prepareReplay` set or changed. */
function withChangedHeaders(config: InternalAxiosRequestConfig, before: Request, after: Request): InternalAxiosRequestConfig {
  for (const [name, value] of after.headers) {
    if (before.headers.get(name) !== value) config.headers.set(name, value);
  }
  return config;
}

const isAxiosErrorWithResponse = (error: unknown): error is Error & { response: AxiosResponse; config: InternalAxiosRequestConfig } =>
  typeof error === 'object' &&
  error !== null &&
  (error as { isAxiosError?: boolean }).isAxiosError === true &&
  (error as { response?: unknown }).response !== undefined;

export function attachSession(instance: AxiosInstance, session: Session, { shouldPark = () => true }: AttachSessionOptions = {}): () => void {
  const sentAt = new WeakMap<object, number>();
  const waitedInLine = new WeakSet<object>(); // requests made while expired: their answer is a resend's

  /**
   * Made while expired: it waits in line for the re-login, then goes out anew through this
   * instance, so every request interceptor runs again in the new session (one the app added after
   * this one runs before it, and stamped the old session's CSRF token). Its adapter is what waits:
   * axios's `timeout` lives in the real adapter, so the wait is outside it.
   */
  const onRequest = (config: InternalAxiosRequestConfig) => {
    if (session.getSnapshot().status === 'expired' && shouldPark(config)) {
      const resend = { ...config };
      const request = asFetchRequest(config);
      waitedInLine.add(config);
      config.adapter = () => session.park((prepared) => instance.request(prepared ? withChangedHeaders(resend, request, prepared) : resend), { request });
      return config;
    }
    sentAt.set(config, session.clock.now());
    return config;
  };

  /**
   * The response says the session is gone: send the request again after the re-login, through
   * this instance (its interceptors run again) and the session's `prepareReplay`.
   */
  const parkIfExpired = (response: AxiosResponse, config: InternalAxiosRequestConfig): Promise<AxiosResponse> | undefined => {
    if (waitedInLine.has(config)) return undefined; // the resend already went through these interceptors
    if (!session.handleResponse(asFetchResponse(response), sentAt.get(config)) || !shouldPark(config)) return undefined;
    const request = asFetchRequest(config);
    return session.park((prepared) => instance.request(prepared ? withChangedHeaders(config, request, prepared) : config), { request });
  };

  const requestId = instance.interceptors.request.use(onRequest);
  const responseId = instance.interceptors.response.use(
    (response) => parkIfExpired(response, response.config) ?? response,
    (error: unknown) => {
      // Network errors and axios's own timeouts pass through: they are not expiry.
      if (!isAxiosErrorWithResponse(error)) throw error;
      const parked = parkIfExpired(error.response, error.config);
      if (!parked) throw error;
      return parked;
    },
  );

  return () => {
    instance.interceptors.request.eject(requestId);
    instance.interceptors.response.eject(responseId);
  };
}
