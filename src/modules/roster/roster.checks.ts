import { ApiError } from '../../lib/errors'
import { type ContractScope, outsideContractMessage, withinContract } from '../provider-access'
import { type Schedule, whyNotServiceDay } from './roster.rules'

/** 422 `not_a_service_day` naming why (weekend, closure, outside the program), at the request field `path`. */
export const requireServiceDay = (program: Schedule, date: string, path: string) => {
  const why = whyNotServiceDay(program, date)
  if (why) throw new ApiError('not_a_service_day', `Not a service day: ${why.message}.`, [{ path, message: `${why.reason}: ${why.message}` }])
}

/** 422 `outside_contract` when the day is outside the contract's dates. */
export const requireWithinContract = (scope: ContractScope, date: string, path: string) => {
  if (!withinContract(scope, date)) {
    const message = outsideContractMessage(scope, date)
    throw new ApiError('outside_contract', `${message[0]?.toUpperCase()}${message.slice(1)}.`, [{ path, message }])
  }
}
