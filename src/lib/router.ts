import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../env'
import { validationHook } from './errors'

export const createRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
