import { ApiError, invalid } from '../../lib/errors'

/** The purpose a guardian consents to before a child's data is stored. */
export const CARE_PURPOSE = 'childcare_services'
export const MAX_CHILD_AGE = 18

/** 422 `consent_required` unless the request carries the guardian's consent to the care purpose. */
export const requireConsent = (consent: { purpose: string; policy_version: string } | undefined) => {
  if (!consent)
    throw new ApiError(
      'consent_required',
      `A guardian's consent is needed before a child's data is stored: send consent {purpose: "${CARE_PURPOSE}", policy_version}.`,
      [{ path: 'consent', message: 'required' }],
    )
  if (consent.purpose !== CARE_PURPOSE)
    throw new ApiError('consent_required', `Storing a child's data needs consent to the purpose ${CARE_PURPOSE}, not ${consent.purpose}.`, [
      { path: 'consent.purpose', message: `must be ${CARE_PURPOSE}` },
    ])
  return consent
}

/** Today's calendar date in a time zone, `YYYY-MM-DD`. */
export const todayIn = (timeZone: string, now = new Date()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)

/** Full years completed on `on` by a child born on `born` (a 29 February birthday is reached on 1 March in common years). */
export const ageOn = (born: string, on: string) => {
  const [by, bm, bd] = born.split('-').map(Number) as [number, number, number]
  const [y, m, d] = on.split('-').map(Number) as [number, number, number]
  const reached = m > bm || (m === bm && d >= bd)
  return y - by - (reached ? 0 : 1)
}

/** A date of birth is not in the future and makes a child under 18, on the tenant's calendar. */
export const checkDateOfBirth = (born: string, today: string) => {
  if (born > today) throw invalid('date_of_birth', `date_of_birth ${born} is in the future (today is ${today}).`)
  const age = ageOn(born, today)
  if (age >= MAX_CHILD_AGE) throw invalid('date_of_birth', `A child born on ${born} is ${age} today; children's records are for those under ${MAX_CHILD_AGE}.`)
}
