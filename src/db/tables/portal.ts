// biome-ignore lint/suspicious/noEmptyInterface: filled in by the module that owns these tables
export interface PortalTables {}
