import { Hono } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { serveScalarBundle } from './bundle'

/**
 * `/docs`: the API reference (Scalar), rendered in the browser from `/openapi.json` with scripts
 * of this origin only, so it works without internet access (docs/api-reference.md).
 */
const CSP = {
  defaultSrc: ["'none'"],
  // The bundle and the few lines that start it; no inline script, no eval (Chromium checks it, tests/foundation/docs.test.ts).
  scriptSrc: ["'self'"],
  // Scalar's Vue components set style attributes and add <style> elements at run time.
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'"],
  fontSrc: ["'self'"],
  // The document, and the requests of its "Test request" client, which go to this server.
  connectSrc: ["'self'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

const page = (title: string) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(title)}</title>
  </head>
  <body>
    <div id="app"></div>
    <noscript>The API reference needs JavaScript; the OpenAPI document itself is at <a href="/openapi.json">/openapi.json</a>.</noscript>
    <script src="/docs/scalar.js"></script>
    <script src="/docs/init.js"></script>
  </body>
</html>
`

/**
 * Starts Scalar on the page. The server the reference's "Test request" talks to is the origin the
 * page came from, whatever the document's `servers` says; nothing goes to Scalar's services (its fonts,
 * telemetry, AI agent; no request proxy is set).
 */
const init = (documentUrl: string) => `Scalar.createApiReference('#app', {
  url: ${JSON.stringify(documentUrl)},
  servers: [{ url: window.location.origin, description: 'This server' }],
  withDefaultFonts: false,
  telemetry: false,
  showDeveloperTools: 'never',
  agent: { disabled: true },
})
`

export const apiReference = ({ title, documentUrl }: { title: string; documentUrl: string }) => {
  const html = page(title)
  const script = init(documentUrl)
  return new Hono()
    .use('*', secureHeaders({ contentSecurityPolicy: CSP }))
    .get('/', (c) => c.html(html))
    .get('/init.js', (c) => c.body(script, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' }))
    .get('/scalar.js', serveScalarBundle)
}
