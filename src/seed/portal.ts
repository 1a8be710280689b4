import type { AdminCall } from './api'

/**
 * Issues one invitation code for a demo employee, so the README can show the portal sign-in with
 * curl (`POST /v1/oauth/token`, grant_type `urn:tuoguan:params:oauth:grant-type:invitation-code`).
 * The code is shown only here (the API keeps its hash); it works once and expires after 30 days.
 */
export const seedPortalInvitation = async (call: AdminCall, employeeId: string): Promise<string> => {
  const invitation = (await call('POST', `/v1/employees/${employeeId}/invitations`, { expires_in_days: 30 })) as { code: string }
  return invitation.code
}
