/**
 * The built Worker in a plain workerd, without wrangler in between: wrangler's own workerd binary,
 * wrangler.toml's compatibility date, flags and [vars], the secrets of an env file (NAME=value
 * lines, as `wrangler dev --env-file` reads them). Hyperdrive is an object holding a connection
 * string to nowhere: workerd refuses connections to local addresses anyway, so this Worker has no
 * database, and a request that needs one fails as it would with the database down.
 *
 *   tsx scripts/workerd-bundle.ts --env-file FILE --dir DIR --address 127.0.0.1:PORT dist/worker.js
 * copies the script into DIR, writes its config beside it and prints two lines, the workerd
 * binary and the config, for `"$binary" serve "$config"`. scripts/cold-start.ts uses the same.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, join } from 'node:path'
import { parseArgs } from 'node:util'

const fromWrangler = createRequire(createRequire(import.meta.url).resolve('wrangler/package.json'))
/** The workerd that wrangler 4.86 runs for `wrangler dev` and the workerd tests. */
export const workerd: { default: string; version: string } = fromWrangler('workerd')

const wranglerToml = readFileSync(new URL('../wrangler.toml', import.meta.url), 'utf8')
const setting = (pattern: RegExp) => {
  const value = wranglerToml.match(pattern)?.[1]
  if (!value) throw new Error(`wrangler.toml: no match for ${pattern}`)
  return value
}
const compatibilityDate = setting(/^compatibility_date = "([^"]+)"/m)
const compatibilityFlags = setting(/^compatibility_flags = (\[[^\]]*\])/m)
const vars = [...(wranglerToml.split(/^\[vars\]$/m)[1]?.split(/^\[/m)[0] ?? '').matchAll(/^(\w+) = "([^"]*)"/gm)].map(
  ([, name, value]) => [name!, value!] as const,
)

const envFile = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.includes('='))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const)

/** Writes a config serving `script` (copied into `dir`) on `address` into `dir`; returns its path. */
export const writeWorkerdConfig = ({ dir, script, envPath, address }: { dir: string; script: string; envPath: string; address: string }) => {
  const module = basename(script)
  copyFileSync(script, join(dir, module))
  const text = new Map([...vars, ...envFile(envPath)])
  const bindings = [
    ...[...text].map(([name, value]) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(value)})`),
    `(name = "HYPERDRIVE", json = ${JSON.stringify(JSON.stringify({ connectionString: 'postgres://worker@127.0.0.1:9/none' }))})`,
  ]
  const config = join(dir, `${module}.capnp`)
  writeFileSync(
    config,
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = (
    modules = [(name = "worker.js", esModule = embed ${JSON.stringify(module)})],
    compatibilityDate = "${compatibilityDate}",
    compatibilityFlags = ${compatibilityFlags},
    bindings = [${bindings.join(', ')}],
  ))],
  sockets = [(name = "http", address = "${address}", http = (), service = "main")],
);
`,
  )
  return config
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'env-file': { type: 'string' }, dir: { type: 'string' }, address: { type: 'string' } },
  })
  const [script] = positionals
  if (!script || !values['env-file'] || !values.dir || !values.address)
    throw new Error('usage: workerd-bundle.ts --env-file FILE --dir DIR --address HOST:PORT WORKER.js')
  const config = writeWorkerdConfig({ dir: values.dir, script, envPath: values['env-file'], address: values.address })
  console.log(`${workerd.default}\n${config}`)
}
