import { writeFile } from 'node:fs/promises'
import { cpus, totalmem } from 'node:os'
import { sql } from 'kysely'
import postgres from 'postgres'
import { drive, type LoadResult, type Scenario } from './load'
import { measureRlsOverhead } from './rls-overhead'
import { startServer } from './server'

/**
 * `npm run bench`: the Node server on a real Postgres, driven by autocannon on loopback. Every
 * figure is reported as a ratio against a floor measured in the same run; nothing fails on a number.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16)
const adminUrl = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const dbName = process.env.BENCH_DATABASE ?? 'tuoguan_bench'
const databaseUrl = adminUrl.replace(/\/[^/]*$/, `/${dbName}`)
const PLATFORM_API_KEY = 'pk_bench_0123456789abcdefghijklmnop'

const targets = { floor: 1, read: 0.6, write: 0.3, peer: 1 } as const

const recreateDatabase = async () => {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`drop database if exists ${dbName}`)
  await admin.unsafe(`create database ${dbName}`)
  await admin.end()
}

const api = async (baseUrl: string, key: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
  return res.json() as Promise<any>
}

const main = async () => {
  const t0 = performance.now()
  await recreateDatabase()
  const env = { DATABASE_URL: databaseUrl, PLATFORM_API_KEY, SEED_DEMO: 'false', TUOGUAN_DATA_DIR: '.data/bench', DATABASE_POOL_SIZE: '16' }
  // The first start migrates the fresh database; the second measures a start on an existing store.
  await (await startServer(env)).stop()
  const server = await startServer(env)
  const base = server.baseUrl
  try {
    const tenant = await api(base, PLATFORM_API_KEY, 'POST', '/v1/platform/tenants', {
      slug: 'bench-corp',
      name: 'Bench Corp',
      time_zone: 'Asia/Shanghai',
      locale: 'zh-CN',
    })
    const key = (await api(base, PLATFORM_API_KEY, 'POST', `/v1/platform/tenants/${tenant.id}/api-keys`, { name: 'bench' })).secret as string
    const auth = { Authorization: `Bearer ${key}` }
    for (let i = 0; i < 200; i++) await api(base, key, 'POST', '/v1/api-keys', { name: `seed ${i}`, scopes: ['read'] })

    let n = 0
    const scenarios: Scenario[] = [
      { name: 'floor: GET /readyz (select 1)', kind: 'floor', url: `${base}/readyz` },
      { name: 'GET /v1/tenant', kind: 'read', url: `${base}/v1/tenant`, headers: auth },
      { name: 'GET /v1/api-keys (page of 20)', kind: 'read', url: `${base}/v1/api-keys`, headers: auth },
      { name: 'GET /v1/audit-events (page of 20)', kind: 'read', url: `${base}/v1/audit-events`, headers: auth },
      {
        name: 'POST /v1/api-keys',
        kind: 'write',
        method: 'POST',
        url: `${base}/v1/api-keys`,
        headers: auth,
        body: () => JSON.stringify({ name: `load ${n++}` }),
      },
    ]
    const results: (LoadResult & { kind: Scenario['kind'] })[] = []
    for (const s of scenarios) {
      await drive(s, 1, CONNECTIONS)
      results.push({ ...(await drive(s, SECONDS, CONNECTIONS)), kind: s.kind })
      console.log(`  ${s.name}: ${Math.round(results.at(-1)?.rps ?? 0)} req/s`)
    }
    const floor = results[0]?.rps ?? 1

    const tenantUuid = (await (async () => {
      const c = postgres(databaseUrl, { max: 1 })
      const [row] = await c`select id from tenants where slug = 'bench-corp'`
      await c.end()
      return row?.id
    })()) as string
    const rls = await measureRlsOverhead(databaseUrl, tenantUuid, (id) => sql`select id, name from api_keys where tenant_id = ${id} order by id desc limit 21`)

    const fmt = (x: number, d = 2) => x.toFixed(d)
    const lines = [
      '# Benchmark results',
      '',
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; PostgreSQL on loopback; ${CONNECTIONS} connections, ${SECONDS} s per scenario. ${new Date().toISOString().slice(0, 10)}.`,
      '',
      '| scenario | req/s | p50 ms | p99 ms | ratio to floor | target | errors |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...results.map(
        (r) =>
          `| ${r.name} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${fmt(r.rps / floor)} | ${r.kind === 'floor' ? '1.00' : `≥ ${fmt(targets[r.kind])}`} | ${r.errors + r.non2xx} |`,
      ),
      '',
      `- Tenant transaction (RLS) overhead on the API-key page query: ${fmt(rls.overhead * 100, 1)} % (target ≤ 20 %): ${Math.round(rls.plainMs)} ms plain vs ${Math.round(rls.scopedMs)} ms scoped for 4000 queries at concurrency 8.`,
      `- Start on an existing store to the first 200: ${Math.round(server.msToFirst200)} ms.`,
      `- Whole run: ${Math.round((performance.now() - t0) / 1000)} s.`,
      '',
    ]
    const report = lines.join('\n')
    await writeFile(new URL('./results/latest.md', import.meta.url), report)
    console.log(`\n${report}`)
  } finally {
    await server.stop()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
