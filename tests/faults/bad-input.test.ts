import { beforeAll, describe, expect, it } from 'vitest'
import { bearer, type Res, send } from '../helpers/client'
import { newTenant, platform } from '../helpers/harness'
import { childInput } from '../helpers/portal'
import { dayFromToday, enrolledChild, providerWorld } from '../helpers/provider'

/**
 * A contract-driven sweep: every operation of the served OpenAPI document gets mutated input
 * (NUL bytes and lone surrogates in text, dates outside the range, huge and negative integers,
 * garbage ids and cursors, forged If-Match) with the right surface's credential and real ids. No
 * answer may be a 5xx, and every error must be problem+json (RFC 6749 JSON on the token endpoint).
 */

type Schema = Record<string, any>
type Slot = { path: (string | number)[]; schema: Schema }
type Mutation = { what: string; method: string; url: string; headers: Record<string, string>; body?: string }
type Outcome = { mutation: Mutation; res: Res }

const NUL = 'a\u0000b'
const SURROGATE = '\ud800x'
const BAD_DATES = ['0000-01-01', '9999-12-31']
const BAD_INSTANTS = ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59-12:00']
const BAD_INTEGERS = [1e20, -1, 2 ** 53]
/** Raw path segments: a NUL, invalid UTF-8, a long id, an id of no kind, a traversal. */
const BAD_SEGMENTS = ['a%00b', '%ED%A0%80x', '%FF', `prg_${'z'.repeat(26)}`, 'x'.repeat(600), '..%2F..']
/** Raw query values for text parameters and cursors. */
const BAD_QUERY = ['a%00b', '%ED%A0%80x', '%FF%FE']
const BAD_CURSORS = ['!!!', 'AAAA', btoa('\u0000'), btoa('x'.repeat(300)), btoa('2027-07-05|\u0000'), '%00']
const BAD_IF_MATCH = ['"99999999999999999999999"', 'W/"-1"', '"1e3"', '"0x10"', 'garbage', '"9007199254740993"']

let doc: Schema
const resolve = (schema: Schema | undefined): Schema => {
  let s = schema ?? {}
  for (let i = 0; s.$ref && i < 20; i++) s = doc.components.schemas[s.$ref.split('/').at(-1)]
  const options = s.anyOf ?? s.oneOf
  if (options) return resolve(options.find((o: Schema) => resolve(o).type !== 'null') ?? options[0])
  if (s.allOf) {
    const all: Schema = { properties: {} }
    for (const part of s.allOf.map(resolve)) Object.assign(all, part, { properties: Object.assign(all.properties, part.properties) })
    return all
  }
  return s
}
const typeOf = (s: Schema) => (Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type)

/** A value that fits the schema: its example, or one synthesized from its type. */
const synthesize = (schema: Schema, depth = 0): unknown => {
  const s = resolve(schema)
  if (s.example !== undefined) return structuredClone(s.example)
  if (s.default !== undefined) return structuredClone(s.default)
  if (s.enum) return s.enum[0]
  if (s.const !== undefined) return s.const
  switch (typeOf(s)) {
    case 'object': {
      const out: Record<string, unknown> = {}
      if (depth < 6) for (const key of s.required ?? []) out[key] = synthesize(s.properties?.[key] ?? {}, depth + 1)
      return out
    }
    case 'array':
      return s.minItems && depth < 6 ? Array.from({ length: s.minItems }, () => synthesize(s.items ?? {}, depth + 1)) : []
    case 'integer':
    case 'number':
      return s.minimum ?? 1
    case 'boolean':
      return false
    default:
      if (s.format === 'date') return '2027-07-05'
      if (s.format === 'date-time') return '2027-07-05T08:00:00+08:00'
      if (s.format === 'email') return 'someone@example.com'
      if (s.format === 'uri') return 'https://example.com/'
      return 'x'
  }
}

/** Every leaf of the schema that a mutation can target (arrays through their first item). */
const slotsOf = (schema: Schema, path: (string | number)[] = [], depth = 0): Slot[] => {
  const s = resolve(schema)
  if (depth > 6) return []
  const type = typeOf(s)
  if (type === 'object') return Object.entries(s.properties ?? {}).flatMap(([key, sub]) => slotsOf(sub as Schema, [...path, key], depth + 1))
  if (type === 'array') return slotsOf(s.items ?? {}, [...path, 0], depth + 1)
  return [{ path, schema: s }]
}

/** The mutated values of one leaf. */
const badValuesOf = (s: Schema): unknown[] => {
  const type = typeOf(s)
  if (type === 'integer' || type === 'number') return BAD_INTEGERS
  if (type !== 'string' && type !== undefined) return []
  if (s.format === 'date') return BAD_DATES
  if (s.format === 'date-time') return BAD_INSTANTS
  // Free text and patterned strings alike: a NUL or a surrogate must never reach the database.
  return [NUL, SURROGATE]
}

/** Sets `path` in a copy of `base`, synthesizing the containers the base lacks. */
const setAt = (base: unknown, path: (string | number)[], value: unknown, schema: Schema): unknown => {
  if (path.length === 0) return value
  const s = resolve(schema)
  const [head, ...rest] = path as [string | number, ...(string | number)[]]
  if (typeof head === 'number') {
    const items = Array.isArray(base) ? [...base] : []
    const item = items[0] ?? synthesize(s.items ?? {})
    items[0] = setAt(item, rest, value, s.items ?? {})
    return items
  }
  const object = base && typeof base === 'object' && !Array.isArray(base) ? { ...(base as object) } : {}
  const sub = s.properties?.[head] ?? {}
  const current = (object as Record<string, unknown>)[head] ?? (rest.length ? synthesize(sub) : undefined)
  ;(object as Record<string, unknown>)[head] = setAt(current, rest, value, sub)
  return object
}

/** JSON.stringify keeps a lone surrogate as the escape `\ud800`, which is what a client would send. */
const toJson = (value: unknown) => JSON.stringify(value)

describe('bad input over every operation of the contract', () => {
  const ids: Record<string, string> = {}
  const auth: Record<string, string> = {}

  beforeAll(async () => {
    const t = await newTenant()
    const world = await providerWorld(t)
    const child = await enrolledChild(world)
    const group = await t.post(`/v1/programs/${world.program.id}/groups`, { name: '小班', min_age: 3, max_age: 7, capacity: 20 })
    expect(group.status, group.text).toBe(201)
    const invitation = await t.post(`/v1/employees/${world.guardian.employeeId}/invitations`, {})
    expect(invitation.status, invitation.text).toBe(201)
    const absence = await world.guardian.post('/v1/portal/absences', { child_id: child.id, program_id: world.program.id, dates: [dayFromToday(3)] })
    const feed = await world.guardian.post('/v1/portal/calendar-feed')
    const other = await world.guardian.post('/v1/portal/children', childInput({ name: '张小红' }))
    expect(other.status, other.text).toBe(201)
    const contract = await t.get(`/v1/contracts/${world.contractId}`)
    Object.assign(ids, {
      tenant_id: t.id,
      slug: t.slug,
      program_id: world.program.id,
      site_id: world.program.site_id,
      group_id: group.body.id,
      provider_id: contract.body.provider_id,
      contract_id: world.contractId,
      client_id: world.credential.client_id,
      employee_id: world.guardian.employeeId,
      invitation_id: invitation.body.id,
      child_id: child.id,
      enrollment_id: child.enrollmentId,
      absence_id: absence.body?.data?.[0]?.id ?? absence.body?.absences?.[0]?.id ?? 'abs_01jd7k3m5n6p7q8r9s0t1v2w3x',
      key_id: t.keyId,
      token: feed.body?.token ?? feed.body?.url?.split('/').at(-1) ?? 'x',
    })
    auth.platformKey = (await platform()).auth as string
    auth.apiKey = bearer(t.key)
    auth.portalToken = bearer(world.guardian.accessToken)
    auth.providerToken = bearer(world.provider.token)
    doc = (await send('GET', '/openapi.json', undefined)).body
  })

  /** The real id an example id stands for, by its prefix. */
  const realIdFor = (value: string) => {
    const prefix = /^([a-z]{2,4})_[0-7][0-9a-z]{25}$/.exec(value)?.[1]
    if (!prefix) return value
    const found = Object.values(ids).find((id) => id.startsWith(`${prefix}_`))
    return found ?? value
  }
  const withRealIds = (value: unknown): unknown => {
    if (typeof value === 'string') return realIdFor(value)
    if (Array.isArray(value)) return value.map(withRealIds)
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withRealIds(v)]))
    return value
  }

  const mutationsOf = (method: string, template: string, op: Schema): Mutation[] => {
    const params: Schema[] = op.parameters ?? []
    const scheme = op.security?.[0] ? Object.keys(op.security[0])[0] : undefined
    const credential = scheme ? auth[scheme] : undefined
    const headers: Record<string, string> = credential ? { Authorization: credential } : {}
    const pathParams = params.filter((p) => p.in === 'path')
    const queryParams = params.filter((p) => p.in === 'query')
    const realPath = (replace?: { name: string; raw: string }) =>
      template.replace(/\{([^}]+)\}/g, (_, name: string) => (replace?.name === name ? replace.raw : encodeURIComponent(ids[name] ?? 'x')))
    const out: Mutation[] = []
    const add = (what: string, url: string, extra: Partial<Mutation> = {}) =>
      out.push({ what, method, url, headers: { ...headers, ...extra.headers }, ...(extra.body !== undefined ? { body: extra.body } : {}) })

    // The body as the contract shows it, with the world's ids: the base the mutations change.
    const content = op.requestBody?.content ?? {}
    const jsonSchema = content['application/json']?.schema
    const formSchema = content['application/x-www-form-urlencoded']?.schema
    const baseBody = jsonSchema ? withRealIds(synthesize(jsonSchema)) : undefined
    // The fewest fields the schema needs: a date or number then meets fewer rules across fields before the database.
    const minimalBody = jsonSchema ? withRealIds(synthesize({ ...resolve(jsonSchema), example: undefined })) : undefined
    const bodyOpts = baseBody !== undefined ? { body: toJson(baseBody), headers: { 'Content-Type': 'application/json' } } : {}
    // Destructive operations get only mutated path segments: their effect must not change the world.
    const destructive = method === 'DELETE' || /\/(suspend|revoke|archive|close|cancel|rotate)$/.test(template)

    for (const p of pathParams)
      for (const raw of BAD_SEGMENTS) add(`path ${p.name}=${raw.slice(0, 20)}`, realPath({ name: p.name, raw }), destructive ? {} : bodyOpts)
    if (destructive) return out

    for (const p of queryParams) {
      const s = resolve(p.schema)
      const type = typeOf(s)
      const values =
        p.name === 'cursor'
          ? BAD_CURSORS.map((c) => (c.startsWith('%') ? c : encodeURIComponent(c)))
          : type === 'integer' || type === 'number'
            ? BAD_INTEGERS.map(String)
            : s.format === 'date'
              ? BAD_DATES
              : BAD_QUERY
      const rest = queryParams
        .filter((q) => q.required && q.name !== p.name)
        .map((q) => `${q.name}=${encodeURIComponent(String(withRealIds(ids[q.name] ?? synthesize(q.schema))))}`)
      for (const v of values) add(`query ${p.name}=${v.slice(0, 20)}`, `${realPath()}?${[...rest, `${p.name}=${v}`].join('&')}`, bodyOpts)
    }
    const requiredQuery = queryParams
      .filter((q) => q.required)
      .map((q) => `${q.name}=${encodeURIComponent(String(withRealIds(ids[q.name] ?? synthesize(q.schema))))}`)
    const url = requiredQuery.length ? `${realPath()}?${requiredQuery.join('&')}` : realPath()

    if (params.some((p) => p.in === 'header' && p.name === 'if-match'))
      for (const tag of BAD_IF_MATCH) add(`if-match ${tag}`, url, { ...bodyOpts, headers: { ...bodyOpts.headers, 'If-Match': tag } })

    if (jsonSchema)
      for (const slot of slotsOf(jsonSchema))
        for (const value of badValuesOf(slot.schema)) {
          const bases = typeof value === 'string' && !BAD_DATES.includes(value) && !BAD_INSTANTS.includes(value) ? [baseBody] : [baseBody, minimalBody]
          for (const base of bases)
            add(`body ${slot.path.join('.')}=${JSON.stringify(value)}${base === minimalBody ? ' (minimal)' : ''}`, url, {
              body: toJson(setAt(base, slot.path, value, jsonSchema)),
              headers: { 'Content-Type': 'application/json' },
            })
        }

    if (content['text/csv'])
      for (const value of [NUL, SURROGATE, '=cmd|x'])
        add(`csv name=${JSON.stringify(value)}`, url, {
          body: `employee_number,name,department\nE900,${value},x\n`,
          headers: { 'Content-Type': 'text/csv' },
        })

    if (formSchema) {
      const form = synthesize(formSchema) as Record<string, string>
      for (const key of Object.keys(resolve(formSchema).properties ?? {}))
        for (const value of [NUL, SURROGATE])
          add(`form ${key}`, url, {
            body: new URLSearchParams({ ...form, [key]: value }).toString().replace(/%EF%BF%BD/g, '%ED%A0%80'),
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          })
    }
    return out
  }

  /** Billing without Stripe configured answers 503 `billing_not_configured` to any webhook: a setting, not input. */
  const configured503 = (o: Outcome) => o.res.status === 503 && o.res.body?.code === 'billing_not_configured'
  const wellFormed = (o: Outcome) => {
    const type = o.res.headers.get('content-type') ?? ''
    if (o.res.status < 400) return true
    if (o.mutation.url.startsWith('/v1/oauth/token')) return /^application\/json/.test(type) && typeof o.res.body?.error === 'string'
    return (
      /^application\/problem\+json/.test(type) &&
      o.res.body?.status === o.res.status &&
      typeof o.res.body?.code === 'string' &&
      typeof o.res.body?.detail === 'string' &&
      !/\bat .+\.(ts|js):\d+|select |insert into|update .+ set /i.test(o.res.text)
    )
  }

  it('answers no 5xx and only problem+json errors', async () => {
    const operations = Object.entries(doc.paths as Record<string, Record<string, Schema>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    )
    // Destructive operations run last, so that what they might do cannot starve the others.
    const order = (m: string) => (m === 'DELETE' ? 1 : 0)
    operations.sort((a, b) => order(a.method) - order(b.method))
    const swept = operations.filter(({ op }) => op.requestBody || op.parameters?.some((p: Schema) => p.in !== 'header'))
    const mutations = swept.flatMap(({ path, method, op }) => mutationsOf(method, path, op))

    const outcomes: Outcome[] = []
    for (const mutation of mutations) {
      const res = await send(mutation.method, mutation.url, undefined, { headers: mutation.headers, raw: mutation.body })
      outcomes.push({ mutation, res })
    }
    const failures = outcomes.filter((o) => (o.res.status >= 500 && !configured503(o)) || !wellFormed(o))
    const report = failures
      .slice(0, Number(process.env.SWEEP_REPORT ?? 40))
      .map((o) => `${o.res.status} ${o.mutation.method} ${o.mutation.url.slice(0, 90)} ${o.mutation.what}: ${o.res.text.slice(0, 160)}`)
      .join('\n')
    console.info(`bad-input sweep: ${swept.length} operations, ${outcomes.length} requests, ${failures.length} failures`)
    expect(swept.length).toBeGreaterThan(70)
    expect(outcomes.length).toBeGreaterThan(1000)
    expect(failures.length, `${failures.length} of ${outcomes.length} mutated requests:\n${report}`).toBe(0)
  })

  it('answers the reproduced cases with 422 naming the field', async () => {
    const admin = { Authorization: auth.apiKey as string }
    const portal = { Authorization: auth.portalToken as string }
    const provider = { Authorization: auth.providerToken as string }
    const json = (body: unknown) => ({ raw: toJson(body), headers: { 'Content-Type': 'application/json' } })
    const cases: [string, string, Record<string, string>, { raw?: string; headers?: Record<string, string> }, string][] = [
      ['POST', '/v1/portal/children', portal, json(childInput({ name: 'a\u0000b' })), 'name'],
      [
        'POST',
        '/v1/portal/children',
        portal,
        json(childInput({ authorized_pickups: [{ name: '\ud800x', relation: 'aunt', phone: '+86 137 0000 0002' }] })),
        'authorized_pickups.0.name',
      ],
      ['GET', '/v1/employees?search=%00', admin, {}, 'search'],
      ['POST', '/v1/programs', admin, json({ name: 'p', starts_on: '0000-01-01' }), 'starts_on'],
      ['POST', '/v1/programs', admin, json({ name: 'p', starts_on: '9999-12-31', length_weeks: 6 }), 'starts_on'],
      ['POST', '/v1/programs', admin, json({ name: 'p', starts_on: '2199-12-25', length_weeks: 52 }), 'length_weeks'],
      ['GET', `/v1/provider/roster?program_id=${ids.program_id}&date=9999-12-31`, provider, {}, 'date'],
      ['GET', `/v1/provider/roster?program_id=${ids.program_id}&date=0000-01-01`, provider, {}, 'date'],
    ]
    for (const [method, url, headers, options, field] of cases) {
      const res = await send(method, url, undefined, { ...options, headers: { ...headers, ...options.headers } })
      expect(res.status, `${method} ${url}: ${res.text}`).toBe(422)
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field)
    }
    const stale = await send('PATCH', '/v1/tenant', undefined, {
      ...json({ name: 'x' }),
      headers: { ...admin, 'Content-Type': 'application/json', 'If-Match': '"99999999999999999999999"' },
    })
    expect(stale.status, stale.text).toBe(412)
    expect(stale.body).toMatchObject({ code: 'precondition_failed', errors: [{ path: 'if-match' }] })
  })
})
