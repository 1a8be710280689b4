import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely'
import type { DB } from './types'

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url))

/**
 * Splits an SQL script into statements, respecting quotes, dollar-quoted bodies and comments:
 * drivers run one statement per extended-protocol query.
 */
export const splitStatements = (script: string): string[] => {
  const statements: string[] = []
  let start = 0
  let i = 0
  const skipTo = (end: string, from: number) => {
    const at = script.indexOf(end, from)
    return at === -1 ? script.length : at + end.length
  }
  while (i < script.length) {
    const ch = script[i]
    if (ch === "'" || ch === '"') i = skipTo(ch, i + 1)
    else if (ch === '-' && script[i + 1] === '-') i = skipTo('\n', i)
    else if (ch === '/' && script[i + 1] === '*') i = skipTo('*/', i + 2)
    else if (ch === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(script.slice(i))?.[0]
      i = tag ? skipTo(tag, i + tag.length) : i + 1
    } else if (ch === ';') {
      statements.push(script.slice(start, i))
      i += 1
      start = i
    } else i += 1
  }
  statements.push(script.slice(start))
  return statements.filter((s) => s.replace(/--.*$/gm, '').trim() !== '')
}

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
          for (const statement of splitStatements(script)) await sql.raw(statement).execute(db)
        },
      }
    }
    return migrations
  }
}

/** Applies every pending migration, forward only; throws with the failing migration's error. */
export const migrateToLatest = async (db: Kysely<DB>, dir = MIGRATIONS_DIR) => {
  const migrator = new Migrator({ db, provider: new SqlFolderProvider(dir) })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName
    throw new Error(`Migration ${failed ?? '(unknown)'} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  }
  return results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? []
}
