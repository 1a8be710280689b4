import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely'
import type { DB } from './types'

/*
 * Each migration file runs whole, as one statement without parameters, which both drivers send by
 * the simple query protocol (several commands in one message; see pipelined-dialect.ts and
 * pglite.ts): Postgres parses the file itself, so nothing here can mistake a `;` inside a
 * dollar-quoted body (`$fn1$ … $fn1$`) or an `E'it\'s; …'` string for the end of a statement.
 */

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url))

/** Every `NNNN_name.sql` in the folder, in name order, as one Kysely migration each. */
export class SqlFolderProvider implements MigrationProvider {
  constructor(private readonly dir: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.dir)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort()
    const migrations: Record<string, Migration> = {}
    for (const file of files) {
      const script = await readFile(join(this.dir, file), 'utf8')
      migrations[file.replace(/\.sql$/, '')] = {
        up: async (db) => {
          await sql.raw(script).execute(db)
        },
      }
    }
    return migrations
  }
}

/**
 * Applies every pending migration, forward only, under Kysely's migration lock, in one transaction
 * with their records in `kysely_migration`; throws with the failing migration's error.
 */
export const migrateToLatest = async (db: Kysely<DB>, dir = MIGRATIONS_DIR) => {
  const migrator = new Migrator({ db, provider: new SqlFolderProvider(dir) })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName
    throw new Error(`Migration ${failed ?? '(unknown)'} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  }
  return results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? []
}
