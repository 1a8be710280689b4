import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'

/** A free loopback port. */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })

export type RunningServer = { baseUrl: string; child: ChildProcess; msToFirst200: number; stop: () => Promise<void> }

/** Starts a script (by default `npm start`'s entry) as a child process and waits for its first 200 from /readyz. */
export const startServer = async (env: Record<string, string>, script = 'src/node.ts'): Promise<RunningServer> => {
  const port = await freePort()
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const baseUrl = `http://127.0.0.1:${port}`
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`)
    try {
      if ((await fetch(`${baseUrl}/readyz`)).status === 200) break
    } catch {}
    await new Promise((r) => setTimeout(r, 20))
  }
  const msToFirst200 = performance.now() - started
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    })
  return { baseUrl, child, msToFirst200, stop }
}
