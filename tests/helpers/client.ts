import { testApp } from './app'

export type Res<T = any> = { status: number; body: T; headers: Headers; text: string }

export type RequestOptions = { body?: unknown; raw?: string; headers?: Record<string, string> }

/** Sends one request to the app in-process, through its full middleware stack. */
export const send = async <T = any>(method: string, path: string, auth: string | undefined, options: RequestOptions = {}): Promise<Res<T>> => {
  const { app } = await testApp()
  const headers: Record<string, string> = { ...options.headers }
  if (auth !== undefined) headers.Authorization = auth
  let body: string | undefined = options.raw
  if (options.body !== undefined) {
    body = JSON.stringify(options.body)
    headers['Content-Type'] ??= 'application/json'
  }
  const res = await app.request(path, { method, headers, body })
  const text = await res.text()
  let parsed: any = text
  if (/json/.test(res.headers.get('content-type') ?? '')) parsed = JSON.parse(text)
  return { status: res.status, body: parsed, headers: res.headers, text }
}

/** A client that presents one Authorization header value (or none). */
export const clientFor = (auth: string | undefined) => ({
  auth,
  get: <T = any>(path: string, options?: RequestOptions) => send<T>('GET', path, auth, options),
  post: <T = any>(path: string, body?: unknown, options?: RequestOptions) => send<T>('POST', path, auth, { ...options, body }),
  patch: <T = any>(path: string, body?: unknown, options?: RequestOptions) => send<T>('PATCH', path, auth, { ...options, body }),
  put: <T = any>(path: string, body?: unknown, options?: RequestOptions) => send<T>('PUT', path, auth, { ...options, body }),
  delete: <T = any>(path: string, options?: RequestOptions) => send<T>('DELETE', path, auth, options),
  send: <T = any>(method: string, path: string, options?: RequestOptions) => send<T>(method, path, auth, options),
})

export type Client = ReturnType<typeof clientFor>

export const bearer = (secret: string) => `Bearer ${secret}`
