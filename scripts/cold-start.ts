/**
 * The Worker's cold start in workerd: a fresh workerd process loads the built script (parse and
 * global scope; workerd does both before it listens), then answers a first request. Each run is a
 * new process; the same is measured for an empty Worker with the same settings, whose median is
 * subtracted, so what remains is this script's parse, global scope and first request.
 *
 *   tsx scripts/cold-start.ts --env-file FILE [--runs 7] [--path /healthz] [--budget-ms MS] dist/worker.js
 *
 * CPU time is read from /proc (every thread of the workerd process), so a busy machine slows the
 * wall clock more than the measure; wall time is reported beside it. With --budget-ms it exits 1
 * when the script's CPU time is over the budget. Linux only (it reads /proc).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { workerd, writeWorkerdConfig } from './workerd-bundle'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'env-file': { type: 'string' },
    runs: { type: 'string', default: '7' },
    path: { type: 'string', default: '/healthz' },
    'budget-ms': { type: 'string' },
  },
})
const [script] = positionals
const envPath = values['env-file']
if (!script || !envPath) throw new Error('usage: cold-start.ts --env-file FILE [--runs N] [--path /healthz] [--budget-ms MS] WORKER.js')
const runs = Number(values.runs)

const work = mkdtempSync(join(tmpdir(), 'cold-start-'))
const empty = join(mkdtempSync(join(tmpdir(), 'cold-start-empty-')), 'empty.js')
writeFileSync(empty, "export default { fetch: () => new Response('ok') }\n")
const address = '127.0.0.1:0'
const configs = {
  worker: writeWorkerdConfig({ dir: work, script, envPath, address }),
  empty: writeWorkerdConfig({ dir: work, script: empty, envPath, address }),
}

/** CPU time of every thread of a process so far, in ms (schedstat: nanoseconds on a CPU). */
const cpuMs = (pid: number) =>
  readdirSync(`/proc/${pid}/task`).reduce((sum, tid) => sum + Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6, 0)

const get = (port: number) =>
  new Promise<number>((resolve, reject) =>
    request({ host: '127.0.0.1', port, path: values.path }, (response) => {
      response.resume()
      response.on('end', () => resolve(response.statusCode ?? 0))
    })
      .on('error', reject)
      .end(),
  )

type Run = { startupWall: number; startupCpu: number; requestWall: number; requestCpu: number }

const once = (config: string) =>
  new Promise<Run>((resolve, reject) => {
    const start = performance.now()
    const child: ChildProcess = spawn(workerd.default, ['serve', '--control-fd=3', config], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr?.on('data', (chunk) => {
      stderr += chunk
    })
    child.on('exit', (code) => reject(new Error(`workerd exited (${code}) before answering: ${stderr.slice(0, 2000)}`)))
    // workerd writes {"event":"listen","port":...} on the control descriptor once the script is loaded and its socket open.
    child.stdio[3]?.once('data', async (message: Buffer) => {
      try {
        const listening = performance.now()
        const startupCpu = cpuMs(child.pid!)
        const status = await get(JSON.parse(message.toString().split('\n')[0]!).port)
        const answered = performance.now()
        const requestCpu = cpuMs(child.pid!) - startupCpu
        if (status !== 200) throw new Error(`${values.path} answered ${status}`)
        child.removeAllListeners('exit')
        child.on('exit', () => resolve({ startupWall: listening - start, startupCpu, requestWall: answered - listening, requestCpu }))
        child.kill()
      } catch (error) {
        child.removeAllListeners('exit')
        child.kill()
        reject(error)
      }
    })
  })

const median = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

try {
  const measured: Record<keyof typeof configs, Run[]> = { worker: [], empty: [] }
  // Alternate, so a change in the machine's load falls on both alike.
  for (let run = 0; run < runs; run++) for (const kind of ['empty', 'worker'] as const) measured[kind].push(await once(configs[kind]))
  const of = (kind: keyof typeof configs, key: keyof Run) => median(measured[kind].map((run) => run[key]))
  const startupCpu = of('worker', 'startupCpu') - of('empty', 'startupCpu')
  const requestCpu = of('worker', 'requestCpu') - of('empty', 'requestCpu')
  const startupWall = of('worker', 'startupWall') - of('empty', 'startupWall')
  const requestWall = of('worker', 'requestWall') - of('empty', 'requestWall')
  const ms = (n: number) => `${Math.round(n)} ms`
  const cpu = startupCpu + requestCpu
  console.log(
    `Cold start in workerd ${workerd.version} (median of ${runs} fresh processes, an empty Worker's subtracted): ` +
      `${ms(cpu)} CPU (parse and global scope ${ms(startupCpu)}, first request ${values.path} ${ms(requestCpu)}), ` +
      `${ms(startupWall + requestWall)} wall${values['budget-ms'] ? ` (budget ${values['budget-ms']} ms CPU)` : ''}`,
  )
  if (values['budget-ms'] && cpu > Number(values['budget-ms'])) {
    console.error(`cold start over budget: ${ms(cpu)} CPU > ${values['budget-ms']} ms`)
    process.exitCode = 1
  }
} finally {
  rmSync(work, { recursive: true, force: true })
  rmSync(dirname(empty), { recursive: true, force: true })
}
