import { createRoute } from '@hono/zod-openapi'
import { errorResponses, json } from '../../lib/openapi'
import { Roster, RosterQuery } from './roster.schemas'

export const getRoster = createRoute({
  method: 'get',
  path: '/roster',
  operationId: 'getProviderRoster',
  tags: ['Provider'],
  security: [{ providerToken: [] }],
  summary: "Read a day's roster",
  description: `The children expected on a service day of a program the contract covers: confirmed enrollments minus absences the guardians reported, with only what care needs (name, age on that day, group, allergies and medical notes, dietary needs, emergency contacts, and the authorized pickups valid that day), their attendance so far, and the day's summary. Never the guardian's HR data.

Every read that returns any child's allergies or medical notes is written to the tenant's audit log (which contract, which children, when).

A day that is not a service day answers 422 \`not_a_service_day\`; its \`errors\` give the reason first: \`weekend\`, \`not_an_operating_weekday\`, \`closure\` or \`outside_program\`. A day outside the contract's dates answers 422 \`outside_contract\`. A program (or group) the contract does not cover answers 404, as one that does not exist.`,
  request: { query: RosterQuery },
  responses: { 200: json(Roster, 'The roster of the day.'), ...errorResponses },
})
