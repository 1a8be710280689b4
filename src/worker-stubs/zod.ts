/**
 * Stands in, in the Worker bundle only (wrangler.toml `alias`), for zod modules the API never
 * runs: the ahead-of-time compiler (`z.core.compile`, which needs `new Function`, refused by
 * workerd anyway) and the JSON-Schema converters (`z.toJSONSchema`, `z.fromJSONSchema`; the
 * OpenAPI document is built by @asteasolutions/zod-to-openapi, which does not use them). What
 * zod-to-openapi does read, `aggregateChecks` in json-schema-processors.js, stays real.
 */
const leftOut = (what: string) => (): never => {
  throw new Error(`${what} is left out of the Worker bundle (src/worker-stubs/zod.ts)`)
}

// core/compile.js
export const INVALID = Symbol.for('zod.compile.invalid')
export class ZodCompileAsyncError extends Error {}
export class ZodCompileUnsupportedError extends Error {}
export const compile = leftOut('z.core.compile')
export const compileFn = leftOut('z.core.compileFn')
export const withParser = leftOut('z.core.withParser')

// core/to-json-schema.js: schemas create their toJSONSchema methods eagerly, so those two return a
// method that fails when called.
export const createToJSONSchemaMethod = () => leftOut('toJSONSchema')
export const createStandardJSONSchemaMethod = () => leftOut('~standard.jsonSchema')
export const initializeContext = leftOut('toJSONSchema')
export const handleUnrepresentable = leftOut('toJSONSchema')
export const processSchema = leftOut('toJSONSchema')
export const extractDefs = leftOut('toJSONSchema')
export const finalize = leftOut('toJSONSchema')

// core/json-schema-generator.js and classic/from-json-schema.js
export class JSONSchemaGenerator {
  constructor() {
    leftOut('JSONSchemaGenerator')()
  }
}
export const fromJSONSchema = leftOut('z.fromJSONSchema')
