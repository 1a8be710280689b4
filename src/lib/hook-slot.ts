/**
 * Hooks a lower module declares and a higher one fills when it loads, so the lower module reacts
 * without importing the higher (docs/conventions.md, "Modules"). Calling before that throws `missing`.
 */
export const hookSlot = <T>(missing: string) => {
  let registered: T | undefined
  return {
    register: (hooks: T) => {
      registered = hooks
    },
    get: (): T => {
      if (!registered) throw new Error(missing)
      return registered
    },
  }
}
