import postgres from 'postgres'
import type { TestProject } from 'vitest/node'
import { connectPostgres } from '../../src/db/client'
import { migrateToLatest } from '../../src/db/migrate'
import { RUNTIME_ROLE } from '../../src/db/tenant'
import { generateSigningJwk } from '../../src/lib/jwt'
import { randomToken } from '../../src/lib/secrets'

/**
 * Runs in Node before workerd starts: recreates the database of WORKERS_TEST_DATABASE_URL (it is
 * DROPPED), migrates it as the owner, and hands the Worker its bindings. Like production, the
 * Worker logs in as a role that owns nothing and is only a member of the runtime role.
 */
export const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/tuoguan_workers'
const WORKER_LOGIN = 'tuoguan_worker'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Vars and secrets of the Worker under test. */
    workerBindings: { PLATFORM_API_KEY: string; JWT_PRIVATE_KEYS: string; JWT_ISSUER: string; LOG_LEVEL: string }
    /** What the HYPERDRIVE binding connects to. */
    hyperdriveUrl: string
    /** The owner's connection, for tests that look at the server from outside the Worker. */
    ownerUrl: string
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`

const recreateDatabase = async (url: URL) => {
  const name = decodeURIComponent(url.pathname.slice(1))
  if (!name) throw new Error('WORKERS_TEST_DATABASE_URL must name a database')
  const maintenance = new URL(url)
  maintenance.pathname = '/postgres'
  const server = postgres(maintenance.href, { max: 1, onnotice: () => {} })
  try {
    await server.unsafe(`drop database if exists ${quoteIdent(name)} with (force)`)
    await server.unsafe(`create database ${quoteIdent(name)}`)
  } finally {
    await server.end()
  }
}

/** A login role that owns nothing, cannot bypass RLS, and may only become the runtime role. */
const ensureWorkerLogin = async (url: URL) => {
  const password = randomToken(24)
  const owner = postgres(url.href, { max: 1, onnotice: () => {} })
  try {
    await owner.unsafe(`do $$ begin
      if not exists (select from pg_roles where rolname = '${WORKER_LOGIN}') then create role ${WORKER_LOGIN} login; end if;
    end $$`)
    // Hyperdrive connection strings need a password, whatever the server's authentication method.
    await owner.unsafe(`alter role ${WORKER_LOGIN} login nosuperuser nocreatedb nocreaterole nobypassrls password '${password}'`)
    await owner.unsafe(`grant ${RUNTIME_ROLE} to ${WORKER_LOGIN}`)
  } finally {
    await owner.end()
  }
  const login = new URL(url)
  login.username = WORKER_LOGIN
  login.password = password
  return login.href
}

export default async function setup(project: TestProject) {
  const url = new URL(process.env.WORKERS_TEST_DATABASE_URL ?? DEFAULT_URL)
  await recreateDatabase(url)
  const owner = connectPostgres(url.href, 1)
  try {
    await migrateToLatest(owner.db)
  } finally {
    await owner.close()
  }
  project.provide('hyperdriveUrl', await ensureWorkerLogin(url))
  project.provide('ownerUrl', url.href)
  project.provide('workerBindings', {
    PLATFORM_API_KEY: `pk_${randomToken(32)}`,
    JWT_PRIVATE_KEYS: JSON.stringify([await generateSigningJwk()]),
    JWT_ISSUER: 'https://api.tuoguan.test',
    LOG_LEVEL: process.env.WORKERS_TEST_LOG_LEVEL ?? 'silent',
  })
}
