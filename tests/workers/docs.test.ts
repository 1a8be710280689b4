import { describe, expect, it } from 'vitest'
import { send } from './client'

describe('workerd: /docs', () => {
  it('serves the page and the Scalar bundle from the static assets, with the CSP', async () => {
    const page = await send('GET', '/docs', undefined)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(page.text).toContain('<script src="/docs/scalar.js"></script>')

    const script = await send('GET', '/docs/scalar.js', undefined)
    expect(script.status, script.text.slice(0, 200)).toBe(200)
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(script.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(script.text.length).toBeGreaterThan(1_000_000)
    expect(script.text).toContain('createApiReference')

    const etag = script.headers.get('etag')
    expect(etag).toBeTruthy()
    expect((await send('GET', '/docs/scalar.js', undefined, { headers: { 'If-None-Match': etag as string } })).status).toBe(304)
  })

  it('serves nothing else of the asset folder', async () => {
    expect((await send('GET', '/standalone.js', undefined)).status).toBe(404)
    expect((await send('GET', '/webpack-stats.json', undefined)).status).toBe(404)
  })
})
