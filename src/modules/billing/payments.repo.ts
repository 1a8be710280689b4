import { type Selectable, sql, type Updateable } from 'kysely'
import type { EnrollmentPaymentsTable } from '../../db/tables/billing'
import type { TenantTx } from '../../db/tenant'

export type PaymentRow = Selectable<EnrollmentPaymentsTable>

export const findPaymentOf = (tx: TenantTx, tenantId: string, enrollmentId: string, options: { lock?: boolean } = {}) =>
  tx
    .selectFrom('enrollment_payments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('enrollment_id', '=', enrollmentId)
    .$if(options.lock === true, (q) => q.forUpdate())
    .executeTakeFirst()

export const insertPayment = (tx: TenantTx, values: Omit<PaymentRow, 'created_at' | 'updated_at'>) =>
  tx.insertInto('enrollment_payments').values(values).returningAll().executeTakeFirstOrThrow()

/** Changes the payment when it is (still) in one of `from`; undefined otherwise. */
export const updatePayment = (tx: TenantTx, tenantId: string, id: string, from: PaymentRow['status'][], changes: Updateable<EnrollmentPaymentsTable>) =>
  tx
    .updateTable('enrollment_payments')
    .set({ ...changes, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', 'in', from)
    .returningAll()
    .executeTakeFirst()

/** What a Checkout Session needs: the payment, its enrollment and program, the tenant's portal host. */
export const checkoutFacts = (tx: TenantTx, tenantId: string, paymentId: string) =>
  tx
    .selectFrom('enrollment_payments as p')
    .innerJoin('enrollments as e', (j) => j.onRef('e.tenant_id', '=', 'p.tenant_id').onRef('e.id', '=', 'p.enrollment_id'))
    .innerJoin('programs as g', (j) => j.onRef('g.tenant_id', '=', 'e.tenant_id').onRef('g.id', '=', 'e.program_id'))
    .innerJoin('tenants as t', 't.id', 'p.tenant_id')
    .selectAll('p')
    .select(['g.name as program_name', 'g.starts_on', 'g.ends_on', 't.branding'])
    .where('p.tenant_id', '=', tenantId)
    .where('p.id', '=', paymentId)
    .executeTakeFirst()

export const findPayment = (tx: TenantTx, tenantId: string, paymentId: string) =>
  tx.selectFrom('enrollment_payments').selectAll().where('tenant_id', '=', tenantId).where('id', '=', paymentId).executeTakeFirst()

/** The pending outbox message that creates the enrollment's Checkout Session, if any. */
export const pendingCheckoutMessage = async (tx: TenantTx, tenantId: string, enrollmentId: string, kind: string) =>
  (
    await tx
      .selectFrom('outbox')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('kind', '=', kind)
      .where('status', '=', 'pending')
      .where(sql`payload->>'enrollment_id'`, '=', enrollmentId)
      .executeTakeFirst()
  )?.id
