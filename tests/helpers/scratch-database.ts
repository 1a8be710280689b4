import postgres from 'postgres'
import { randomToken } from '../../src/lib/secrets'

/**
 * A database of its own on the PostgreSQL server of TEST_DATABASE_URL, for fault tests that
 * terminate backends or refuse connections without disturbing the rest of the suite.
 */
export const serverUrl = process.env.TEST_DATABASE_URL

const urlOf = (name: string) => {
  const url = new URL(serverUrl as string)
  url.pathname = `/${name}`
  return url.toString()
}

/** A superuser session on the `postgres` database (never the scratch one, so refusing connections does not lock it out). */
export const maintenance = () => postgres(urlOf('postgres'), { max: 1, onnotice: () => {} })

export type ScratchDatabase = { name: string; url: string; drop: () => Promise<void> }

export const createScratchDatabase = async (prefix: string): Promise<ScratchDatabase> => {
  const name = `${prefix}_${randomToken(6)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')}`
  const sql = maintenance()
  try {
    await sql.unsafe(`create database ${name}`)
  } finally {
    await sql.end()
  }
  return {
    name,
    url: urlOf(name),
    drop: async () => {
      const admin = maintenance()
      try {
        await admin.unsafe(`drop database if exists ${name} with (force)`)
      } finally {
        await admin.end()
      }
    },
  }
}
