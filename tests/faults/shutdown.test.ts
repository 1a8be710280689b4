import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomToken } from '../../src/lib/secrets'
import { createScratchDatabase, type ScratchDatabase, serverUrl } from '../helpers/scratch-database'
import { startServer, tempDataDir } from '../helpers/server-process'

/**
 * Ctrl-C or SIGTERM with requests in flight ends the process in bounded time, and a client that
 * trickles its request is cut off instead of holding a socket. On the PostgreSQL server when the
 * suite runs against one, on the embedded store otherwise.
 */
const openSocket = (port: number) =>
  new Promise<Socket>((done, fail) => {
    const socket = connect(port, '127.0.0.1', () => done(socket.resume()))
    socket.once('error', fail)
  })
const closedWithin = (socket: Socket, ms: number) =>
  new Promise<boolean>((done) => {
    const timer = setTimeout(() => done(false), ms)
    socket.once('close', () => {
      clearTimeout(timer)
      done(true)
    })
  })

describe('shutdown and slow clients', () => {
  const platformKey = `pk_${randomToken(32)}`
  let database: ScratchDatabase | undefined
  let env: Record<string, string>

  beforeAll(async () => {
    database = serverUrl ? await createScratchDatabase('tuoguan_shutdown') : undefined
    env = {
      ...(database ? { DATABASE_URL: database.url } : {}),
      PLATFORM_API_KEY: platformKey,
      SEED_DEMO: 'false',
      TUOGUAN_DATA_DIR: await tempDataDir(),
      HTTP_HEADERS_TIMEOUT: '1',
      HTTP_REQUEST_TIMEOUT: '2',
    }
  })
  afterAll(async () => {
    await database?.drop()
  })

  it('cuts off a client that trickles its headers or its body', async () => {
    const server = await startServer({ env })
    try {
      const headers = await openSocket(server.port)
      headers.write('GET /healthz HTTP/1.1\r\nHost: x\r\n')
      const body = await openSocket(server.port)
      body.write('POST /v1/platform/tenants HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"slug":')
      const [headersCut, bodyCut] = await Promise.all([closedWithin(headers, 5_000), closedWithin(body, 6_000)])
      expect(headersCut).toBe(true)
      expect(bodyCut).toBe(true)
      const res = await fetch(`${server.base}/healthz`)
      expect(res.status).toBe(200)
    } finally {
      await server.kill()
    }
  })

  it('ends within 10 s of SIGTERM with requests in flight, a stalled upload and idle keep-alive connections', async () => {
    const server = await startServer({ env: { ...env, HTTP_REQUEST_TIMEOUT: '300' } })
    const stalled = await openSocket(server.port)
    stalled.write('POST /v1/platform/tenants HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"slug":')
    stalled.on('error', () => {})
    let stop = false
    const traffic = Array.from({ length: 8 }, async () => {
      while (!stop) {
        await fetch(`${server.base}/v1/platform/tenants`, { headers: { Authorization: `Bearer ${platformKey}` } })
          .then((r) => r.text())
          .catch(() => (stop = true))
      }
    })
    await new Promise((r) => setTimeout(r, 500))
    const signalled = Date.now()
    const exited = await server.kill('SIGTERM')
    const took = Date.now() - signalled
    stop = true
    await Promise.all(traffic)
    expect(exited.signal).toBeNull()
    expect(took).toBeLessThan(10_000)
    expect(server.output()).toContain('SIGTERM: closing the server and the database')
  })
})
