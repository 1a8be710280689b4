import { type Selectable, sql, type Updateable } from 'kysely'
import type { EnrollmentPaymentsTable } from '../../db/tables/billing'
import type { TenantData } from '../../db/tenant'

export type PaymentRow = Selectable<EnrollmentPaymentsTable>

export const findPaymentOf = (scope: TenantData, enrollmentId: string, options: { lock?: boolean } = {}) =>
  scope.tx
    .selectFrom('enrollment_payments')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('enrollment_id', '=', enrollmentId)
    .$if(options.lock === true, (q) => q.forUpdate())
    .executeTakeFirst()

export const insertPayment = (scope: TenantData, values: Omit<PaymentRow, 'created_at' | 'updated_at'>) =>
  scope.tx.insertInto('enrollment_payments').values(values).returningAll().executeTakeFirstOrThrow()

/** Changes the payment when it is (still) in one of `from`; undefined otherwise. */
export const updatePayment = (scope: TenantData, id: string, from: PaymentRow['status'][], changes: Updateable<EnrollmentPaymentsTable>) =>
  scope.tx
    .updateTable('enrollment_payments')
    .set({ ...changes, updated_at: new Date() })
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .where('status', 'in', from)
    .returningAll()
    .executeTakeFirst()

/** What a Checkout Session needs: the payment, its enrollment and program, the tenant's portal host. */
export const checkoutFacts = (scope: TenantData, paymentId: string) =>
  scope.tx
    .selectFrom('enrollment_payments as p')
    .innerJoin('enrollments as e', (j) => j.onRef('e.tenant_id', '=', 'p.tenant_id').onRef('e.id', '=', 'p.enrollment_id'))
    .innerJoin('programs as g', (j) => j.onRef('g.tenant_id', '=', 'e.tenant_id').onRef('g.id', '=', 'e.program_id'))
    .innerJoin('tenants as t', 't.id', 'p.tenant_id')
    .selectAll('p')
    .select(['g.name as program_name', 'g.starts_on', 'g.ends_on', 't.branding'])
    .where('p.tenant_id', '=', scope.tenantId)
    .where('p.id', '=', paymentId)
    .executeTakeFirst()

export const findPayment = (scope: TenantData, paymentId: string) =>
  scope.tx.selectFrom('enrollment_payments').selectAll().where('tenant_id', '=', scope.tenantId).where('id', '=', paymentId).executeTakeFirst()

/** The pending outbox message that creates the enrollment's Checkout Session, if any. */
export const pendingCheckoutMessage = async (scope: TenantData, enrollmentId: string, kind: string) =>
  (
    await scope.tx
      .selectFrom('outbox')
      .select('id')
      .where('tenant_id', '=', scope.tenantId)
      .where('kind', '=', kind)
      .where('status', '=', 'pending')
      .where(sql`payload->>'enrollment_id'`, '=', enrollmentId)
      .executeTakeFirst()
  )?.id
