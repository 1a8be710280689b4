/** The SQLSTATE of a database error, from either driver. */
export const sqlState = (error: unknown) =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined

export const isUniqueViolation = (error: unknown) => sqlState(error) === '23505'
