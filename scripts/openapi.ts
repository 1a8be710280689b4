import { writeFile } from 'node:fs/promises'
import { createApp, openApiDocument } from '../src/app'
import { loadConfig } from '../src/config'
import { generateSigningJwk } from '../src/lib/jwt'
import { randomToken } from '../src/lib/secrets'

/** The OpenAPI 3.1 document the routes declare, as committed in openapi/openapi.json. */
export const generateOpenApi = async () => {
  const config = await loadConfig({ PLATFORM_API_KEY: randomToken(32), LOG_LEVEL: 'silent' }, { jwtPrivateKeys: [await generateSigningJwk()] })
  const app = createApp({
    config,
    database: () => {
      throw new Error('generating the contract needs no database')
    },
  })
  return `${JSON.stringify(openApiDocument(app), null, 2)}\n`
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await writeFile(new URL('../openapi/openapi.json', import.meta.url), await generateOpenApi())
  console.log('wrote openapi/openapi.json')
}
