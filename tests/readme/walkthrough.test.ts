import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { delimiter, dirname, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createScratchDatabase, type ScratchDatabase, serverUrl } from '../helpers/scratch-database'
import { type ServerProcess, startServer, tempDataDir } from '../helpers/server-process'

/**
 * The README's walkthrough ("The surfaces, with curl") runs as written on a fresh `npm start`.
 *
 * The blocks it runs are the README's fenced blocks whose info string is `sh walkthrough`
 * (GitHub shows them as plain `sh`); any other block is left alone. They run in order, in one bash
 * process with `set -euo pipefail`, from the root of the checkout, against the real entry started
 * on a fresh store (its own port and data folder, which the blocks pick up from `BASE` and
 * `TUOGUAN_DATA_DIR`; embedded Postgres, or a database of its own with TEST_DATABASE_URL), with the
 * Node running this test first on the PATH. Each block must finish:
 * the blocks' `api` is curl with --fail-with-body and their `json` fails when an accessor finds
 * nothing, so an HTTP error or a missing id stops the run at the block it happened in.
 */
const root = resolve(import.meta.dirname, '../..')
const readme = readFileSync(resolve(root, 'README.md'), 'utf8')

type Block = { heading: string; code: string }

/** The `sh walkthrough` blocks, each named by the heading above it. */
const walkthroughBlocks = (markdown: string): Block[] => {
  const blocks: Block[] = []
  let heading = '(top)'
  let open: string[] | undefined
  for (const line of markdown.split('\n')) {
    if (open) {
      if (/^```\s*$/.test(line)) {
        blocks.push({ heading, code: open.join('\n') })
        open = undefined
      } else open.push(line)
    } else if (/^```sh walkthrough\s*$/.test(line)) open = []
    else if (/^#{2,4} /.test(line)) heading = line.replace(/^#+ /, '')
  }
  if (open) throw new Error(`README.md: the walkthrough block under "${heading}" is not closed`)
  return blocks
}

const blocks = walkthroughBlocks(readme)
const marker = (n: number) => `@@walkthrough block ${n} done@@`

/** The blocks as one script, a marker echoed after each so the output tells how far it got. */
const script = (list: Block[]) =>
  ['set -euo pipefail', 'exec 2>&1', `cd ${JSON.stringify(root)}`, ...list.flatMap((b, n) => [`# --- ${b.heading}`, b.code, `echo '${marker(n)}'`])].join('\n')

type Run = { code: number | null; timedOut: boolean; output: string }

const runBash = (text: string, env: Record<string, string>, timeoutMs: number) =>
  new Promise<Run>((done, fail) => {
    const bash = spawn('bash', ['-c', text], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    let timedOut = false
    bash.stdout.on('data', (d) => (output += d))
    bash.stderr.on('data', (d) => (output += d))
    const timer = setTimeout(() => {
      timedOut = true
      bash.kill('SIGKILL')
    }, timeoutMs)
    bash.once('error', fail)
    bash.once('exit', (code) => {
      clearTimeout(timer)
      done({ code, timedOut, output })
    })
  })

/** What block n printed: from the marker of the block before to its own (or to the end when it stopped there). */
const outputOf = (output: string, n: number) => {
  const before = n === 0 ? '' : marker(n - 1)
  const from = n === 0 ? 0 : output.indexOf(before) + before.length
  const to = output.indexOf(marker(n))
  return output.slice(from, to === -1 ? undefined : to).trim()
}

describe('the README walkthrough on a fresh npm start', () => {
  let server: ServerProcess | undefined
  let dataDir: string | undefined
  let database: ScratchDatabase | undefined
  let run: Run

  beforeAll(async () => {
    dataDir = await tempDataDir()
    // The store the suite runs on: embedded (DATABASE_URL empty, as `npm start` on a new checkout), or
    // a database of its own on the server of TEST_DATABASE_URL.
    database = serverUrl ? await createScratchDatabase('tuoguan_readme') : undefined
    server = await startServer({ env: { TUOGUAN_DATA_DIR: dataDir, DATABASE_URL: database?.url ?? '', LOG_LEVEL: 'info' }, timeoutMs: 90_000 })
    const path = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`
    run = await runBash(script(blocks), { BASE: server.base, TUOGUAN_DATA_DIR: dataDir, PATH: path }, 90_000)
  }, 200_000)

  afterAll(async () => {
    await server?.kill('SIGTERM')
    await database?.drop()
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })

  it('finds a walkthrough block for each surface', () => {
    const headings = blocks.map((b) => b.heading)
    for (const surface of [/^Platform/, /^Admin/, /^Portal/, /^Provider/])
      expect(
        headings.some((h) => surface.test(h)),
        `${surface} in ${headings}`,
      ).toBe(true)
  })

  for (const [n, block] of blocks.entries())
    it(`block ${n} (${block.heading}) runs as written`, () => {
      const stoppedAt = blocks.findIndex((_, k) => !run.output.includes(marker(k)))
      if (stoppedAt !== -1 && stoppedAt < n) throw new Error(`not reached: block ${stoppedAt} stopped the run`)
      const why = run.timedOut ? 'ran out of time' : `stopped it, bash exited ${run.code}`
      const serverLog = server?.output().split('\n').slice(-30).join('\n')
      expect(run.output.includes(marker(n)), `block ${n} ${why}; it printed:\n${outputOf(run.output, n)}\n\nthe server's last lines:\n${serverLog}`).toBe(true)
    })

  it('ends with the child checked in and out at the door, and the attendance export', () => {
    expect(run.code, run.output).toBe(0)
    const door = outputOf(run.output, blocks.length - 1)
    expect(door).toContain('"picked_up_by":{"kind":"authorized_pickup","name":"周奶奶","phone":"+86 139 0359 1021"')
    expect(door).toMatch(/,周沐晴,picked_up,false,/)
  })
})
