import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

/**
 * The real Node entry (`src/node.ts`, as `npm start` runs it) in a child process of its own, for the
 * fault tests: it can be killed (-9 or a signal) and restarted on the same store.
 */
export type ServerProcess = {
  base: string
  port: number
  child: ChildProcess
  /** Everything the process printed so far (stdout and stderr). */
  output: () => string
  /** Resolves with the exit code or signal once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  kill: (signal?: NodeJS.Signals) => Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

const root = resolve(import.meta.dirname, '../..')

export const freePort = () =>
  new Promise<number>((done, fail) => {
    const server = createServer()
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))))
    })
  })

/** A fresh folder for a store (secrets, PGlite data, demo credentials). */
export const tempDataDir = () => mkdtemp(join(tmpdir(), 'tuoguan-'))

export type StartOptions = {
  env?: Record<string, string>
  /** Resolve once this text appears in the output (default: the start banner). */
  readyWhen?: string | RegExp
  port?: number
  timeoutMs?: number
}

export const startServer = async (options: StartOptions = {}): Promise<ServerProcess> => {
  const port = options.port ?? (await freePort())
  // tsx as a loader in this one process (its CLI would run the server in a grandchild that a kill misses).
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/node.ts')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (d) => (output += d))
  child.stderr?.on('data', (d) => (output += d))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })))
  const ready = options.readyWhen ?? 'API reference'
  const deadline = Date.now() + (options.timeoutMs ?? 90_000)
  let gone = false
  void exited.then(() => (gone = true))
  while (!(typeof ready === 'string' ? output.includes(ready) : ready.test(output))) {
    if (gone) throw new Error(`the server exited before it was ready:\n${output}`)
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`the server was not ready in time:\n${output}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    child,
    output: () => output,
    exited,
    kill: (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}
