import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../common/compiled-path';
import type { Weighted } from './seeded-random';

/** A bank ("tenant") of the reference's pick list. */
export interface Tenant {
  memberName: string;
  displayName: string;
  tenantId: string;
  bicFi: string;
  swiftCode: string;
  memberNo: string;
  mnemonic: string;
  branch_start: string;
  branch_end: string;
  sponsored_by: string;
}

/** The reference's weighted list of 49 South African banks, reshaped to [{weight, ...tenant}]. */
export const FINFLOW_TENANTS_FILE = path.join(repoRoot, 'seed', 'finflow-tenants.json');

const TENANT_FIELDS = ['memberName', 'displayName', 'tenantId', 'bicFi', 'swiftCode', 'memberNo', 'mnemonic', 'branch_start', 'branch_end', 'sponsored_by'] as const;
/** tenantid, fromid, toid and the agent ids are varchar(8). */
const TENANT_ID_MAX = 8;

/** Reads and checks the pick list; a malformed entry is named rather than written into rows. */
export function loadTenants(file = FINFLOW_TENANTS_FILE): Weighted<Tenant>[] {
  const entries: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(entries) || entries.length === 0) throw new Error(`${file}: expected a non-empty array of tenants`);
  return entries.map((entry: Record<string, unknown>, index) => {
    const where = `${file}: entry ${index}`;
    const { weight } = entry;
    if (typeof weight !== 'number' || !(weight > 0)) throw new Error(`${where}: weight must be a positive number`);
    for (const field of TENANT_FIELDS) {
      if (typeof entry[field] !== 'string') throw new Error(`${where}: ${field} must be a string`);
    }
    const tenant = Object.fromEntries(TENANT_FIELDS.map((field) => [field, entry[field]])) as unknown as Tenant;
    if (tenant.tenantId.length === 0 || tenant.tenantId.length > TENANT_ID_MAX) throw new Error(`${where}: tenantId must have 1 to ${TENANT_ID_MAX} characters`);
    return { weight, value: tenant };
  });
}
