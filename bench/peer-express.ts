import express from 'express'
import { createLocalJWKSet, type JWK, jwtVerify } from 'jose'
import pg from 'pg'
import { TypeID } from 'typeid-js'

/**
 * The peer: a straightforward Express 5 + pg implementation of the provider roster read, on the
 * same database and tokens, with the same tenant-scoped transaction (role and app.tenant_id set)
 * but none of the API's layers. Run as its own process by the benchmark.
 */
const keys = JSON.parse(process.env.JWT_PRIVATE_KEYS ?? '[]') as JWK[]
const jwks = createLocalJWKSet({ keys: keys.map(({ d: _d, ...pub }) => pub) })
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 16) })
pg.types.setTypeParser(1082, (v) => v)

const app = express()
app.get('/roster', async (req, res) => {
  let tenantId: string
  try {
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '')
    const { payload } = await jwtVerify(token, jwks, { audience: 'tuoguan:provider', algorithms: ['ES256'] })
    tenantId = (await pool.query('select id from tenants where slug = $1', ['bench-corp'])).rows[0].id
    if (!payload.sub) throw new Error('no subject')
  } catch {
    res.status(401).json({ error: 'unauthenticated' })
    return
  }
  const { program_id, date } = req.query as { program_id: string; date: string }
  const programUuid = TypeID.fromString(program_id).toUUID()
  const client = await pool.connect()
  try {
    await client.query('begin')
    await client.query("select set_config('role', 'tuoguan_app', true), set_config('app.tenant_id', $1, true)", [tenantId])
    const children = await client.query(
      `select c.id, c.name, c.date_of_birth, c.allergies, c.medical_notes, c.dietary_needs, c.emergency_contacts, c.authorized_pickups,
              a.checked_in_at, a.checked_out_at
       from enrollments e join children c on c.tenant_id = e.tenant_id and c.id = e.child_id
       left join attendance a on a.tenant_id = e.tenant_id and a.program_id = e.program_id and a.child_id = e.child_id and a.date = $3
       where e.tenant_id = $1 and e.program_id = $2 and e.status = 'confirmed'
         and not exists (select 1 from absences x where x.tenant_id = e.tenant_id and x.enrollment_id = e.id and x.date = $3 and x.withdrawn_at is null)
       order by c.name`,
      [tenantId, programUuid, date],
    )
    await client.query('commit')
    res.json({ program_id, date, children: children.rows })
  } catch (error) {
    await client.query('rollback').catch(() => {})
    res.status(500).json({ error: String(error) })
  } finally {
    client.release()
  }
})
app.get('/readyz', (_req, res) => {
  res.json({ status: 'ok' })
})
app.listen(Number(process.env.PORT), '127.0.0.1')
