/**
 * Stands in, in the Worker bundle only (wrangler.toml `alias`), for Kysely's schema builder
 * (`db.schema`: create table, alter table...). The Worker never migrates; `npm run migrate` does,
 * from Node, with the real Kysely.
 */
export class SchemaModule {
  constructor() {
    throw new Error('db.schema is left out of the Worker bundle (src/worker-stubs/kysely.ts): migrate from Node')
  }
}
