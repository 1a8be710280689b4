import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The modules' import graph (docs/conventions.md, "Modules"): a module is a folder of src/modules;
 * another module, and the rest of src, reach it only through its index.ts, and the modules depend
 * one way (no cycle among their runtime imports; `import type` does not count, it leaves no trace
 * at run time).
 */
const src = resolve(import.meta.dirname, '../../src')
const modulesDir = join(src, 'modules')

type Edge = { from: string; to: string; typeOnly: boolean }

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(name) ? [path] : []
  })

/** Static imports and re-exports, and whether each carries types only. */
const importsOf = (file: string): { specifier: string; typeOnly: boolean }[] => {
  const text = readFileSync(file, 'utf8')
  const found: { specifier: string; typeOnly: boolean }[] = []
  const statement = /^(import|export)\s+(type\s+)?([^;]*?)\s*from\s+'([^']+)'/gms
  for (const m of text.matchAll(statement)) {
    const clause = m[3] ?? ''
    // `import { type A, type B } from` carries types only too.
    const names = clause
      .replace(/^\{|\}$/g, '')
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean)
    const allTypes = clause.startsWith('{') && names.length > 0 && names.every((n) => n.startsWith('type '))
    found.push({ specifier: m[4] as string, typeOnly: Boolean(m[2]) || allTypes })
  }
  for (const m of text.matchAll(/^import\s+'([^']+)'/gm)) found.push({ specifier: m[1] as string, typeOnly: false })
  return found
}

/** The module a file belongs to (its folder under src/modules), or undefined outside them. */
const moduleOf = (file: string) => {
  const rel = relative(modulesDir, file)
  if (rel.startsWith('..')) return undefined
  const [first, ...rest] = rel.split(sep)
  return rest.length > 0 ? first : (first as string).replace(/\.tsx?$/, '')
}

const isDirectory = (path: string) => statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false

const resolveImport = (file: string, specifier: string) => (specifier.startsWith('.') ? resolve(dirname(file), specifier) : undefined)

const graph = () => {
  const internal: string[] = []
  const edges: Edge[] = []
  for (const file of sourceFiles(src)) {
    const from = moduleOf(file)
    for (const { specifier, typeOnly } of importsOf(file)) {
      const target = resolveImport(file, specifier)
      if (!target) continue
      const to = moduleOf(target)
      if (!to || to === from) continue
      const folder = join(modulesDir, to)
      const throughIndex = target === folder || target === join(folder, 'index')
      if (isDirectory(folder) && !throughIndex) internal.push(`${relative(src, file)} -> ${relative(src, target)}`)
      if (from) edges.push({ from, to, typeOnly })
    }
  }
  return { internal: [...new Set(internal)].sort(), edges }
}

/** Strongly connected components of more than one module (Tarjan), each sorted, for the runtime edges. */
const cyclesOf = (edges: Edge[]) => {
  const next = new Map<string, Set<string>>()
  for (const e of edges) if (!e.typeOnly) next.set(e.from, (next.get(e.from) ?? new Set()).add(e.to))
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const components: string[][] = []
  const visit = (v: string) => {
    index.set(v, index.size)
    low.set(v, index.get(v) as number)
    stack.push(v)
    onStack.add(v)
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number))
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop() as string
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1) components.push(component.sort())
    }
  }
  for (const v of next.keys()) if (!index.has(v)) visit(v)
  return components.sort((a, b) => a.join().localeCompare(b.join()))
}

describe('the module graph', () => {
  const { internal, edges } = graph()

  it('reaches another module only through its index.ts', () => {
    expect(internal).toEqual([])
  })

  it('has no cycle among the modules’ runtime imports', () => {
    expect(cyclesOf(edges)).toEqual([])
  })

  it('finds a cycle and an internal import when there is one (the checks can fail)', () => {
    expect(
      cyclesOf([
        { from: 'a', to: 'b', typeOnly: false },
        { from: 'b', to: 'a', typeOnly: false },
        { from: 'b', to: 'c', typeOnly: true },
        { from: 'c', to: 'b', typeOnly: false },
      ]),
    ).toEqual([['a', 'b']])
  })
})
