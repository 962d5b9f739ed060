// api.ts: the app's openapi-fetch client; its requests go through session.fetch
import createClient from 'openapi-fetch';
import { session } from './session';

/** The API's paths, as openapi-typescript generates them from its OpenAPI document (here by hand). */
export interface paths {
  '/notes': {
    get: {
      responses: { 200: { content: { 'application/json': string[] } } };
    };
    post: {
      requestBody: { content: { 'application/json': { note: string } } };
      responses: { 201: { content: { 'application/json': string[] } } };
    };
  };
}

export const api = createClient<paths>({ baseUrl: '/api', fetch: session.fetch });
