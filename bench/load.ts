import autocannon from 'autocannon'

export type LoadResult = { name: string; rps: number; p50: number; p99: number; errors: number; non2xx: number }

export type Scenario = {
  name: string
  kind: 'floor' | 'read' | 'write' | 'peer'
  method?: 'GET' | 'POST'
  url: string
  headers?: Record<string, string>
  /** Per request: headers and body (writes vary them so that each request does real work). */
  request?: () => { headers?: Record<string, string>; body?: string }
}

/** Drives one scenario at fixed concurrency for a bounded time, on loopback. */
export const drive = async (s: Scenario, seconds: number, connections: number): Promise<LoadResult> => {
  const base = { 'content-type': 'application/json', ...s.headers }
  const options: autocannon.Options = {
    url: s.url,
    method: s.method ?? 'GET',
    headers: base,
    connections,
    duration: seconds,
    ...(s.request
      ? {
          requests: [
            {
              setupRequest: (req: any) => {
                const next = s.request?.() ?? {}
                return { ...req, headers: { ...base, ...next.headers }, body: next.body }
              },
            },
          ],
        }
      : {}),
  }
  const result = await autocannon(options)
  return {
    name: s.name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  }
}
