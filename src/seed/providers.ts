import type { AdminCall, DemoTenantSlug } from './api'

/** Who runs each employer's care (DESIGN §1). */
const demoProviders: Record<DemoTenantSlug, { provider: { name: string; kind: string; contact: Record<string, string> }; notes: string }> = {
  'yuncheng-bank': {
    provider: {
      name: '运城农商银行职工子女托管志愿教师队',
      kind: 'volunteers',
      contact: { name: '刘老师（行团委）', phone: '+86 359 201 8866', email: 'volunteers@bank.example.cn' },
    },
    notes: 'Volunteer teachers recruited by the bank: homework first, then play; career-experience day in the bank hall; village day trip.',
  },
  'yuncheng-court': {
    provider: {
      name: '市中院暑期托管幼教老师',
      kind: 'in_house_staff',
      contact: { name: '张老师', phone: '+86 359 268 1200', email: 'summer-care@court.example.cn' },
    },
    notes: 'Experienced full-time preschool teachers hired by the court for the summer; ages 3 to 7.',
  },
  'unicom-yuncheng': {
    provider: {
      name: '运城市阳光托育服务中心',
      kind: 'agency',
      contact: { name: '王主任', phone: '+86 359 202 0123', email: 'contracts@sunshine-care.example.cn' },
    },
    notes: 'Professional childcare agency under contract: 4 weeks, 70+ children.',
  },
}

type ProgramDates = { starts_on: string | null; ends_on: string | null }

/** The summer after today when the programs carry no dates yet: June to August. */
const nextSummer = (today = new Date()) => {
  const year = today.getUTCMonth() < 5 ? today.getUTCFullYear() : today.getUTCFullYear() + 1
  return { starts_on: `${year}-06-01`, ends_on: `${year}-08-31` }
}

/** The contract's period: from the first program's start to the last program's end. */
const coveringPeriod = (programs: ProgramDates[]) => {
  const starts = programs.map((p) => p.starts_on).filter((d): d is string => d !== null)
  const ends = programs.map((p) => p.ends_on).filter((d): d is string => d !== null)
  const fallback = nextSummer()
  return { starts_on: starts.sort()[0] ?? fallback.starts_on, ends_on: ends.sort().at(-1) ?? fallback.ends_on }
}

/**
 * Creates the demo tenant's provider, a contract covering its programs for their dates (next
 * summer) and one client credential, through the admin API. Returns what a provider needs to sign in.
 */
export const seedProviders = async (call: AdminCall, slug: DemoTenantSlug, programIds: string[]) => {
  const demo = demoProviders[slug]
  const provider = await call<{ id: string }>('POST', '/v1/providers', demo.provider)
  const programs = await Promise.all(programIds.map((id) => call<ProgramDates>('GET', `/v1/programs/${id}`)))
  const contract = await call<{ id: string }>('POST', '/v1/contracts', {
    provider_id: provider.id,
    program_ids: programIds,
    ...coveringPeriod(programs),
    notes: demo.notes,
  })
  const credential = await call<{ client_id: string; client_secret: string }>('POST', `/v1/contracts/${contract.id}/credentials`, {
    name: 'Demo provider credential',
  })
  return { contract_id: contract.id, client_id: credential.client_id, client_secret: credential.client_secret }
}
