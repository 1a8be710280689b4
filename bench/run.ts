import { writeFile } from 'node:fs/promises'
import { cpus, totalmem } from 'node:os'
import { sql } from 'kysely'
import postgres from 'postgres'
import { generateSigningJwk } from '../src/lib/jwt'
import { benchEmployeeImport } from './employee-import'
import { drive, type LoadResult, type Scenario } from './load'
import { measureRlsOverhead } from './rls-overhead'
import { growFeed, seedBenchTenant } from './seed'
import { startServer } from './server'

/**
 * `npm run bench`: the Node server on a real Postgres, driven by autocannon on loopback at a fixed
 * concurrency. Every figure is a ratio against a floor measured in the same run; the targets are
 * printed beside the results and nothing fails on them.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16)
const adminUrl = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const dbName = process.env.BENCH_DATABASE ?? 'tuoguan_bench'
const databaseUrl = adminUrl.replace(/\/[^/]*$/, `/${dbName}`)
const PLATFORM_API_KEY = 'pk_bench_0123456789abcdefghijklmnop'

const targets = { floor: 1, read: 0.6, write: 0.3, peer: 1 } as const
type Row = LoadResult & { kind: Scenario['kind']; note?: string }

const recreateDatabase = async () => {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`drop database if exists ${dbName}`)
  await admin.unsafe(`create database ${dbName}`)
  await admin.end()
}

const run = async (rows: Row[], s: Scenario) => {
  await drive(s, 1, CONNECTIONS)
  const result = { ...(await drive(s, SECONDS, CONNECTIONS)), kind: s.kind }
  rows.push(result)
  console.log(
    `  ${s.name}: ${Math.round(result.rps)} req/s, p99 ${result.p99} ms${result.errors + result.non2xx ? `, ${result.errors + result.non2xx} failed` : ''}`,
  )
  return result
}

const main = async () => {
  const t0 = performance.now()
  await recreateDatabase()
  const jwtKeys = JSON.stringify([await generateSigningJwk()])
  const env = {
    DATABASE_URL: databaseUrl,
    PLATFORM_API_KEY,
    JWT_PRIVATE_KEYS: jwtKeys,
    SEED_DEMO: 'false',
    TUOGUAN_DATA_DIR: '.data/bench',
    DATABASE_POOL_SIZE: '16',
  }
  // The first start migrates the fresh database; the second is a start on an existing store.
  await (await startServer(env)).stop()
  const server = await startServer(env)
  const peer = await startServer({ DATABASE_URL: databaseUrl, JWT_PRIVATE_KEYS: jwtKeys, DATABASE_POOL_SIZE: '16' }, 'bench/peer-express.ts')
  const base = server.baseUrl
  try {
    console.log('seeding: 50 programs, 5 000 employees, 4 000 children with seats, 30 days of attendance ...')
    const seeded = performance.now()
    const t = await seedBenchTenant(base, databaseUrl, PLATFORM_API_KEY)
    console.log(`  seeded in ${Math.round((performance.now() - seeded) / 1000)} s`)
    const hr = { Authorization: `Bearer ${t.hrKey}` }
    const provider = { Authorization: `Bearer ${t.providerToken}` }
    const program = t.programIds[0]
    const rosterQuery = `program_id=${program}&date=${t.today}`

    const rows: Row[] = []
    const floor = await run(rows, { name: 'floor: GET /readyz (one select 1)', kind: 'floor', url: `${base}/readyz` })
    await run(rows, { name: 'GET /v1/programs (page of 20)', kind: 'read', url: `${base}/v1/programs`, headers: hr })
    const roster = await run(rows, {
      name: 'GET /v1/provider/roster (80 children)',
      kind: 'read',
      url: `${base}/v1/provider/roster?${rosterQuery}`,
      headers: provider,
    })
    let e = 0
    await run(rows, {
      name: 'POST /v1/portal/enrollments',
      kind: 'write',
      method: 'POST',
      url: `${base}/v1/portal/enrollments`,
      // Spread over the programs: each program's seats are taken under its row lock, one at a time.
      request: () => {
        const k = e++
        const family = t.families[Math.floor(k / t.programIds.length) % t.families.length]!
        const child = family.childIds[Math.floor(k / (t.programIds.length * t.families.length)) % family.childIds.length]
        return {
          headers: { Authorization: `Bearer ${family.token}` },
          body: JSON.stringify({ program_id: t.programIds[k % t.programIds.length], child_id: child }),
        }
      },
    })
    let s = 0
    await run(rows, {
      name: 'POST /v1/provider/check-ins',
      kind: 'write',
      method: 'POST',
      url: `${base}/v1/provider/check-ins`,
      headers: provider,
      request: () => {
        const seat = t.seats[s++ % t.seats.length]!
        return { body: JSON.stringify({ program_id: seat.programId, child_id: seat.childId, dropped_off_by: { kind: 'guardian' } }) }
      },
    })
    const cursor10k = await growFeed(databaseUrl, t.tenantUuid, 10_000)
    const feed10k = await run(rows, {
      name: 'GET /v1/provider/feed (100 of 10 thousand)',
      kind: 'read',
      url: `${base}/v1/provider/feed?limit=100&cursor=${cursor10k}`,
      headers: provider,
    })
    console.log('growing the feed to 1 million events ...')
    const cursor1m = await growFeed(databaseUrl, t.tenantUuid, 1_000_000)
    const feed1m = await run(rows, {
      name: 'GET /v1/provider/feed (100 of 1 million)',
      kind: 'read',
      url: `${base}/v1/provider/feed?limit=100&cursor=${cursor1m}`,
      headers: provider,
    })
    await run(rows, {
      name: 'peer: Express 5 + pg, the same roster',
      kind: 'peer',
      url: `${peer.baseUrl}/roster?${rosterQuery}`,
      headers: provider,
    })

    const rls = await measureRlsOverhead(
      databaseUrl,
      t.tenantUuid,
      (id) => sql`select id, name, status from programs where tenant_id = ${id} order by id desc limit 21`,
    )
    const imported = await benchEmployeeImport(base, t.hrKey)

    const fmt = (x: number, d = 2) => x.toFixed(d)
    const ratio = (r: Row) => (r.kind === 'peer' ? fmt(roster.rps / r.rps) : fmt(r.rps / floor.rps))
    const target = (r: Row) => (r.kind === 'floor' ? '1.00' : r.kind === 'peer' ? `roster/peer ≥ ${fmt(targets.peer)}` : `≥ ${fmt(targets[r.kind])}`)
    const report = [
      '# Benchmark results',
      '',
      `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL on loopback;`,
      `server, peer, load generator and database share the machine. ${CONNECTIONS} connections, ${SECONDS} s per scenario after 1 s of warm-up, ${new Date().toISOString().slice(0, 10)}.`,
      '',
      '| scenario | req/s | p50 ms | p99 ms | ratio to floor | target | failed |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows.map(
        (r) =>
          `| ${r.name} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${ratio(r)}${r.kind === 'peer' ? ' (roster ÷ peer)' : ''} | ${target(r)} | ${r.errors + r.non2xx} |`,
      ),
      '',
      `- Feed page with 1 million events vs 10 thousand: ${fmt(feed10k.rps / feed1m.rps)} × the time per request (target ≤ 1.20).`,
      `- RLS overhead on the program page query: ${fmt(rls.policy * 100, 1)} % for the policies (the same transaction as the runtime role vs as the owner; target ≤ 20 %), ${fmt(rls.transaction * 100, 1)} % for the whole tenant transaction (BEGIN with role and tenant, query, COMMIT) vs the query sent alone; ${rls.rounds} queries at concurrency ${rls.concurrency}.`,
      `- Employee import: ${imported.rows} rows in ${Math.round(imported.ms)} ms, ${Math.round(imported.rowsPerSecond)} rows/s (one CSV request, set-based).`,
      `- Start on an existing store to the first 200: ${Math.round(server.msToFirst200)} ms.`,
      `- Whole run: ${Math.round((performance.now() - t0) / 1000)} s.`,
      '',
    ].join('\n')
    await writeFile(new URL('./results/latest.md', import.meta.url), report)
    console.log(`\n${report}`)
  } finally {
    await Promise.all([server.stop(), peer.stop()])
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
