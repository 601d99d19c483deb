import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import type { components, paths } from '../../../generated/api-schema';

/**
 * The API as the OpenAPI document describes it: paths, parameters, bodies and answers all come from the
 * schema generated out of backend/openapi.json at build time, so a contract change breaks the build here
 * rather than at run time.
 */
export type Schemas = components['schemas'];

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type PathsWith<M extends Method> = { [P in keyof paths]: paths[P][M] extends undefined | never ? never : P }[keyof paths];
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;

type JsonContent<R> = R extends { content: { 'application/json': infer T } } ? T : void;
type SuccessStatus = 200 | 201 | 202 | 204;
type Responses<O> = O extends { responses: infer R } ? R : never;
export type ApiResult<P extends keyof paths, M extends Method> = JsonContent<
  Responses<Operation<P, M>>[Extract<keyof Responses<Operation<P, M>>, SuccessStatus>]
>;

type Parameters<O> = O extends { parameters: infer X } ? X : never;
type PathParams<O> = Parameters<O> extends { path: infer A } ? (A extends undefined | never ? never : A) : never;
type QueryParams<O> = Parameters<O> extends { query?: infer Q } ? NonNullable<Q> : never;
type RequestBody<O> = O extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

type Options<O> = ([PathParams<O>] extends [never] ? { path?: undefined } : { path: PathParams<O> }) & {
  query?: QueryParams<O>;
  body?: RequestBody<O>;
};

@Injectable({ providedIn: 'root' })
export class ApiClient {
  private readonly http = inject(HttpClient);

  get<P extends PathsWith<'get'>>(path: P, options: Options<Operation<P, 'get'>>): Observable<ApiResult<P, 'get'>> {
    return this.request('GET', path, options);
  }

  post<P extends PathsWith<'post'>>(path: P, options: Options<Operation<P, 'post'>>): Observable<ApiResult<P, 'post'>> {
    return this.request('POST', path, options);
  }

  put<P extends PathsWith<'put'>>(path: P, options: Options<Operation<P, 'put'>>): Observable<ApiResult<P, 'put'>> {
    return this.request('PUT', path, options);
  }

  patch<P extends PathsWith<'patch'>>(path: P, options: Options<Operation<P, 'patch'>>): Observable<ApiResult<P, 'patch'>> {
    return this.request('PATCH', path, options);
  }

  delete<P extends PathsWith<'delete'>>(path: P, options: Options<Operation<P, 'delete'>>): Observable<ApiResult<P, 'delete'>> {
    return this.request('DELETE', path, options);
  }

  /** The URL of a path with its parameters filled in, for links the browser loads itself (video, downloads). */
  url(path: keyof paths, params: Record<string, string | number>): string {
    return fillPath(path, params);
  }

  private request<T>(method: string, path: string, options: { path?: unknown; query?: unknown; body?: unknown }): Observable<T> {
    return this.http.request<T>(method, fillPath(path, (options.path ?? {}) as Record<string, string | number>), {
      params: toHttpParams(options.query as object | undefined),
      body: options.body,
    });
  }
}

function fillPath(path: string, params: Record<string, string | number>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Missing path parameter ${name} for ${path}`);
    // A file path keeps its slashes: the files route takes the repo path as its tail.
    return name === 'path' ? String(value).split('/').map(encodeURIComponent).join('/') : encodeURIComponent(String(value));
  });
}

function toHttpParams(query: object | undefined): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    for (const item of Array.isArray(value) ? value : [value]) params = params.append(key, String(item));
  }
  return params;
}
