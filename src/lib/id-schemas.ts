import { z } from '@hono/zod-openapi'
import { idPattern, prefixes } from './ids'

/** The API's ids as zod schemas, shared by every module that takes or shows one. */
export const TenantId = z.string().regex(idPattern(prefixes.tenant)).openapi({ example: 'ten_01jd7k3m5n6p7q8r9s0t1v2w3x' })
export const SiteId = z.string().regex(idPattern(prefixes.site), 'must be a site id (sit_...)').openapi({ example: 'sit_01jd7k3m5n6p7q8r9s0t1v2w3x' })
export const ProgramId = z.string().regex(idPattern(prefixes.program), 'must be a program id (prg_...)').openapi({ example: 'prg_01jd7k3m5n6p7q8r9s0t1v2w3x' })
export const GroupId = z.string().regex(idPattern(prefixes.group), 'must be a group id (grp_...)').openapi({ example: 'grp_01jd7k3m5n6p7q8r9s0t1v2w3x' })
export const ContractId = z
  .string()
  .regex(idPattern(prefixes.contract), 'must be a contract id (ctr_...)')
  .openapi({ example: 'ctr_01jd7k3m5n6p7q8r9s0t1v2w3x' })
export const EmployeeId = z
  .string()
  .regex(idPattern(prefixes.employee), 'must be an employee id (emp_...)')
  .openapi({ example: 'emp_01jd7k3m5n6p7q8r9s0t1v2w3x' })
export const ChildId = z.string().regex(idPattern(prefixes.child)).openapi({ example: 'chd_01jd7k3m5n6p7q8r9s0t1v2w3x' })
export const EnrollmentId = z
  .string()
  .regex(idPattern(prefixes.enrollment), 'must be an enrollment id (enr_...)')
  .openapi({ example: 'enr_01jd7k3m5n6p7q8r9s0t1v2w3x' })
