/** An authenticated admin request for one demo tenant: parsed JSON back, throws on a non-2xx answer. */
export type AdminCall = <T = any>(method: string, path: string, body?: unknown) => Promise<T>

export type DemoTenantSlug = 'yuncheng-bank' | 'yuncheng-court' | 'unicom-yuncheng'
