import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectPostgres, type Database } from '../../src/db/client'
import { migrateToLatest } from '../../src/db/migrate'
import { openPglite } from '../../src/db/pglite'
import { createScratchDatabase, serverUrl } from '../helpers/scratch-database'

/** SQL a hand-written splitter gets wrong: a dollar-quote tag with a digit, and an escape string, both holding semicolons. */
const TRICKY = String.raw`
CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL);

CREATE FUNCTION add_note(n int) RETURNS text LANGUAGE plpgsql AS $fn1$
BEGIN
  INSERT INTO notes VALUES (n, 'from a function; after a semicolon');
  RETURN 'added; ' || n;
END
$fn1$;

INSERT INTO notes VALUES (0, E'it\'s; a string with an escaped quote');
`

/** Its first statement succeeds, its second fails: neither it nor its record may remain. */
const FAILING = `
CREATE TABLE half_done (id int);
SELECT 1 / 0;
`

type Target = { name: string; open: () => Promise<Database & { drop?: () => Promise<void> }> }

const targets: Target[] = [
  { name: 'PGlite', open: () => openPglite() },
  ...(serverUrl
    ? [
        {
          name: 'the server',
          open: async () => {
            const scratch = await createScratchDatabase('h12_migrate')
            const database = connectPostgres(scratch.url, 1)
            return { ...database, drop: scratch.drop }
          },
        },
      ]
    : []),
]

describe.each(targets)('the migration runner on $name', ({ open }) => {
  let database: Awaited<ReturnType<Target['open']>>
  let dir: string

  beforeAll(async () => {
    database = await open()
    dir = await mkdtemp(join(tmpdir(), 'tuoguan-migrations-'))
  })

  afterAll(async () => {
    await database?.close()
    await database?.drop?.()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  const applied = async () => {
    const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(database.db)
    return rows.rows.map((r) => r.name)
  }

  it('runs each file whole: dollar-quoted bodies and escape strings keep their semicolons', async () => {
    await writeFile(join(dir, '0001_tricky.sql'), TRICKY)
    expect(await migrateToLatest(database.db, dir)).toEqual(['0001_tricky'])

    const added = await sql<{ added: string }>`select add_note(1) as added`.execute(database.db)
    expect(added.rows).toEqual([{ added: 'added; 1' }])
    const notes = await sql<{ id: number; body: string }>`select id, body from notes order by id`.execute(database.db)
    expect(notes.rows).toEqual([
      { id: 0, body: "it's; a string with an escaped quote" },
      { id: 1, body: 'from a function; after a semicolon' },
    ])
    expect(await migrateToLatest(database.db, dir)).toEqual([])
  })

  it('undoes a failing file together with its record, and names it', async () => {
    await writeFile(join(dir, '0002_failing.sql'), FAILING)
    await expect(migrateToLatest(database.db, dir)).rejects.toThrow(/Migration 0002_failing failed: division by zero/)
    const table = await sql<{ found: string | null }>`select to_regclass('half_done')::text as found`.execute(database.db)
    expect(table.rows).toEqual([{ found: null }])
    expect(await applied()).toEqual(['0001_tricky'])
  })
})
