import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { chromium } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { API_INFO } from '../../src/app'
import { testApp } from '../helpers/app'
import { send } from '../helpers/client'

/** The CSP header as directive → sources. */
const directives = (csp: string | null) =>
  new Map(
    (csp ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name as string, sources]),
  )

const scriptsOf = (html: string) =>
  [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].map(([, attrs, body]) => ({ src: /\bsrc="([^"]*)"/.exec(attrs ?? '')?.[1], body }))

describe('/docs, the API reference', () => {
  it('is a page whose scripts all come from this origin, under a CSP that admits no other', async () => {
    const page = await send('GET', '/docs', undefined)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(page.text).not.toMatch(/https?:\/\//)
    const scripts = scriptsOf(page.text)
    expect(scripts.map((s) => s.src)).toEqual(['/docs/scalar.js', '/docs/init.js'])
    for (const { body } of scripts) expect(body?.trim(), 'no inline script').toBe('')

    const csp = directives(page.headers.get('content-security-policy'))
    expect(csp.get('default-src')).toEqual(["'none'"])
    expect(csp.get('script-src')).toEqual(["'self'"])
    expect(csp.get('connect-src')).toEqual(["'self'"])
    expect(csp.get('frame-ancestors')).toEqual(["'none'"])
    // No host, no scheme: nothing but this origin (and the inline styles Scalar's components set).
    for (const [name, sources] of csp)
      expect(
        sources.filter((s) => !["'self'", "'none'"].includes(s)),
        name,
      ).toEqual(name === 'style-src' ? ["'unsafe-inline'"] : [])
  })

  it('serves the pinned package’s Scalar bundle as JavaScript, revalidated by ETag', async () => {
    const script = await send('GET', '/docs/scalar.js', undefined)
    expect(script.status).toBe(200)
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(script.headers.get('content-security-policy')).toContain("script-src 'self'")
    const packaged = await readFile(createRequire(import.meta.url).resolve('@scalar/api-reference/browser/standalone.js'), 'utf8')
    expect(script.text.length).toBe(packaged.length)
    expect(script.text === packaged).toBe(true)

    const etag = script.headers.get('etag')
    expect(etag).toMatch(/^"[\w-]{43}"$/)
    const again = await send('GET', '/docs/scalar.js', undefined, { headers: { 'If-None-Match': etag as string } })
    expect(again.status).toBe(304)
    expect(again.text).toBe('')
  })

  it('starts the reference on the document of this origin, with the server it was served from', async () => {
    const init = await send('GET', '/docs/init.js', undefined)
    expect(init.status).toBe(200)
    expect(init.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(init.text).toContain("Scalar.createApiReference('#app'")
    expect(init.text).toContain('url: "/openapi.json"')
    expect(init.text).toContain('servers: [{ url: window.location.origin')
    expect(init.text).toContain('withDefaultFonts: false')
    expect(init.text).toContain('telemetry: false')
  })
})

const CHROMIUM = '/usr/bin/chromium'

/** In Debian's Chromium, when it is installed (it is not part of npm ci): the page as a reader sees it, with nothing but this server to reach. */
describe.skipIf(!existsSync(CHROMIUM))('/docs in Chromium, offline', () => {
  it('renders the API title and the server it was served from, with every request to this origin and no CSP violation', async () => {
    const { app } = await testApp()
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 })
    await once(server, 'listening')
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    // The flags keep Chromium's own background traffic (updates, sync, Google lookups) off this closed network.
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
    try {
      const page = await browser.newPage()
      const elsewhere: string[] = []
      const problems: string[] = []
      // Anything not of this origin is refused, as it would be without internet, and recorded.
      await page.route(
        (url) => url.origin !== origin,
        (route) => {
          elsewhere.push(route.request().url())
          return route.abort('internetdisconnected')
        },
      )
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
      page.on('console', (m) => {
        // The one 404 is the browser's own /favicon.ico.
        if (m.type() === 'error' && !/status of 404/.test(m.text())) problems.push(m.text())
      })
      await page.goto(`${origin}/docs`)
      await expect.poll(() => page.locator('h1').allTextContents(), { timeout: 90_000, interval: 250 }).toContain(API_INFO.title)
      await page.getByText(origin, { exact: true }).first().waitFor({ timeout: 30_000 })
      expect(elsewhere).toEqual([])
      expect(problems).toEqual([])
    } finally {
      await browser.close()
      server.close()
    }
  }, 180_000)
})
