/**
 * The renderer's handle on the API contract. In Electron the preload exposes it over IPC; in browser
 * mode the same methods go over HTTP to the local server, authorised by the token from the URL.
 */
import type { Api, ApiResult } from '../../shared/api';
import { API_METHODS, type ApiMethod } from '../../shared/api-methods';

declare global {
  interface Window {
    paramsketch?: Api;
  }
}

const TOKEN_KEY = 'paramsketch-token';

/** The token arrives once in the URL's fragment; it is kept for reloads of this tab and taken out of the address bar. */
function browserToken(): string {
  const match = /[#&]token=([\w-]+)/.exec(location.hash);
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function overHttp(): Api {
  const token = browserToken();
  const call = async (method: ApiMethod, input: unknown): Promise<ApiResult<unknown>> => {
    try {
      const response = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ input }),
      });
      if (!response.ok) return { ok: false, error: `${method}: ${response.status} ${await response.text()}` };
      return (await response.json()) as ApiResult<unknown>;
    } catch (error) {
      return { ok: false, error: `${method}: the local server does not answer (${(error as Error).message}); is \`npm run serve\` still running?` };
    }
  };
  return Object.fromEntries(API_METHODS.map((m) => [m, (input?: unknown) => call(m, input)])) as Api;
}

export const api: Api = window.paramsketch ?? overHttp();
export const runtime = window.paramsketch ? 'electron' : 'browser';
