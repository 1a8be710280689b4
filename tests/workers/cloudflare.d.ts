// The part of workerd's `cloudflare:workers` module these tests use. Declared here rather than
// through @cloudflare/workers-types, whose globals clash with the DOM and Node types the rest of
// the project compiles with.
declare module 'cloudflare:workers' {
  /** The Worker's bindings (the vars and secrets the global setup provided). */
  export const env: Record<string, unknown>
  /** The entrypoints of `main` (src/worker.ts): `exports.default.fetch` sends it a real request. */
  export const exports: { default: { fetch(input: string | Request, init?: RequestInit): Promise<Response> } }
}

declare module 'cloudflare:test' {
  /** An ExecutionContext for calling a fetch handler directly. */
  export function createExecutionContext(): import('hono').ExecutionContext
  /** Waits for everything the handler passed to `waitUntil`. */
  export function waitOnExecutionContext(ctx: import('hono').ExecutionContext): Promise<void>
}
