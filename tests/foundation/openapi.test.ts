import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { generateOpenApi } from '../../scripts/openapi'
import { send } from '../helpers/client'

describe('the contract', () => {
  it('is committed exactly as the routes generate it (run `npm run openapi`)', async () => {
    const committed = await readFile(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')
    expect(committed).toBe(await generateOpenApi())
  })

  it('declares every route with an operationId, a summary, tags, security and error responses', async () => {
    const doc = JSON.parse(await generateOpenApi())
    const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item as object).map(([method, op]) => ({ path, method, op })))
    expect(operations.length).toBeGreaterThan(5)
    for (const { path, method, op } of operations) {
      const where = `${method.toUpperCase()} ${path}`
      expect(op.operationId, where).toBeTruthy()
      expect(op.summary, where).toBeTruthy()
      expect(op.tags?.length, where).toBeGreaterThan(0)
      if (!op.tags.includes('Public')) {
        expect(op.security?.length, where).toBeGreaterThan(0)
        expect(op.responses['401'], where).toBeDefined()
      }
    }
  })

  it('is served at /openapi.json with a reference at /docs', async () => {
    const doc = await send('GET', '/openapi.json', undefined)
    expect(doc.status).toBe(200)
    expect(doc.body.openapi).toBe('3.1.0')
    const docs = await send('GET', '/docs', undefined)
    expect(docs.status).toBe(200)
    expect(docs.text).toContain('/openapi.json')
  })
})
