import type { SelectQueryBuilder } from 'kysely'

/**
 * One page of a list, newest first, keyset on the UUIDv7 `id` (ordered by creation): the rows after
 * the cursor's `after` id, and one more than `limit` so `page()` can tell whether more follow.
 */
export const newestFirst =
  (after: string | undefined, limit: number) =>
  <QB extends SelectQueryBuilder<any, any, any>>(query: QB): QB =>
    query
      .$if(after !== undefined, (q) => q.where('id', '<', after as string))
      .orderBy('id', 'desc')
      .limit(limit + 1) as QB
