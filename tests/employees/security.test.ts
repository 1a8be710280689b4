import type { TestTenant } from '../helpers/harness'
import { securitySuite } from '../helpers/security'
import { court } from './fixtures'

const anEmployee = async (owner: TestTenant) => {
  const res = await owner.post('/v1/employees', court)
  if (res.status !== 201) throw new Error(res.text)
  return res.body.id as string
}

securitySuite('POST /v1/employees', { surface: 'admin', method: 'POST', setup: async () => ({ path: '/v1/employees', body: court }) })
securitySuite('GET /v1/employees', { surface: 'admin', method: 'GET', setup: async () => ({ path: '/v1/employees?status=active' }) })
securitySuite('GET /v1/employees/{employee_id}', {
  surface: 'admin',
  method: 'GET',
  setup: async (owner) => ({ path: `/v1/employees/${await anEmployee(owner)}` }),
})
securitySuite('PATCH /v1/employees/{employee_id}', {
  surface: 'admin',
  method: 'PATCH',
  setup: async (owner) => ({ path: `/v1/employees/${await anEmployee(owner)}`, body: { status: 'left' } }),
})
securitySuite('DELETE /v1/employees/{employee_id}', {
  surface: 'admin',
  method: 'DELETE',
  setup: async (owner) => ({ path: `/v1/employees/${await anEmployee(owner)}` }),
})
securitySuite('POST /v1/employees/import (JSON)', {
  surface: 'admin',
  method: 'POST',
  setup: async () => ({ path: '/v1/employees/import', body: [court] }),
})
securitySuite('POST /v1/employees/import (CSV)', {
  surface: 'admin',
  method: 'POST',
  setup: async () => ({
    path: '/v1/employees/import?mode=sync',
    raw: 'employee_number,name\nFY2019-042,王丽华\n',
    headers: { 'Content-Type': 'text/csv' },
  }),
})
