import { env, exports } from 'cloudflare:workers'
import { expect } from 'vitest'

/** Requests go to src/worker.ts's fetch handler inside workerd, as from the network. */
const ORIGIN = 'https://api.tuoguan.test'

export type Res<T = any> = { status: number; body: T; headers: Headers; text: string }
/** `body` is sent as JSON; `raw` as given (CSV, a form), with its Content-Type in `headers`. */
export type RequestOptions = { body?: unknown; raw?: string; headers?: Record<string, string> }

export const send = async <T = any>(method: string, path: string, auth: string | undefined, options: RequestOptions = {}): Promise<Res<T>> => {
  const headers: Record<string, string> = { ...options.headers }
  if (auth !== undefined) headers.Authorization = auth
  let body: string | undefined = options.raw
  if (options.body !== undefined) {
    body = JSON.stringify(options.body)
    headers['Content-Type'] ??= 'application/json'
  }
  const res = await exports.default.fetch(`${ORIGIN}${path}`, { method, headers, body })
  const text = await res.text()
  const parsed = /json/.test(res.headers.get('content-type') ?? '') && text ? JSON.parse(text) : text
  return { status: res.status, body: parsed, headers: res.headers, text }
}

/** A client presenting one Authorization header value (or none). */
export const clientFor = (auth: string | undefined) => ({
  get: <T = any>(path: string, options?: RequestOptions) => send<T>('GET', path, auth, options),
  post: <T = any>(path: string, body?: unknown, options?: RequestOptions) => send<T>('POST', path, auth, { ...options, body }),
  patch: <T = any>(path: string, body?: unknown, options?: RequestOptions) => send<T>('PATCH', path, auth, { ...options, body }),
  delete: <T = any>(path: string, options?: RequestOptions) => send<T>('DELETE', path, auth, options),
  send: <T = any>(method: string, path: string, options?: RequestOptions) => send<T>(method, path, auth, options),
})
export type Client = ReturnType<typeof clientFor>

export const bearer = (secret: string) => `Bearer ${secret}`

/** The operator, with the PLATFORM_API_KEY the Worker was given. */
export const operator = () => clientFor(bearer(String(env.PLATFORM_API_KEY)))

export type WorkerTenant = Client & { id: string; slug: string; key: string }

/** A fresh tenant and its first HR key, made through the platform API of the Worker. */
export const newTenant = async (): Promise<WorkerTenant> => {
  const slug = `w-${crypto.randomUUID().slice(0, 18)}`
  const tenant = await operator().post('/v1/platform/tenants', { slug, name: `Worker ${slug}`, time_zone: 'Asia/Shanghai', locale: 'zh-CN' })
  expect(tenant.status, tenant.text).toBe(201)
  const key = await operator().post(`/v1/platform/tenants/${tenant.body.id}/api-keys`, { name: 'HR', scopes: ['read', 'write'] })
  expect(key.status, key.text).toBe(201)
  return { ...clientFor(bearer(key.body.secret)), id: tenant.body.id, slug, key: key.body.secret }
}

/** An RFC 9457 problem with this status and code, carrying neither SQL nor a stack. */
export const expectProblem = (res: Res, status: number, code: string) => {
  expect(res.status, res.text).toBe(status)
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  expect(res.body).toMatchObject({ status, code, request_id: expect.any(String), detail: expect.any(String) })
  expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+|select |insert into/i)
}
