import type { DataSource } from 'typeorm';
import { FinflowGenerator } from './finflow-generator';
import { FinflowSourceWriter, insertStatement } from './finflow-source-writer';
import { loadTenants } from './finflow-tenants';

/** A DataSource stand-in whose query runner records what it is asked to do. */
function recordingDataSource(failOn?: string) {
  const calls: Array<{ sql: string; params?: unknown[] }> = [];
  const runner = {
    isTransactionActive: false,
    connect: async () => undefined,
    startTransaction: async () => void ((runner.isTransactionActive = true), calls.push({ sql: 'BEGIN' })),
    commitTransaction: async () => void ((runner.isTransactionActive = false), calls.push({ sql: 'COMMIT' })),
    rollbackTransaction: async () => void ((runner.isTransactionActive = false), calls.push({ sql: 'ROLLBACK' })),
    query: async (sql: string, params?: unknown[]) => {
      calls.push({ sql, params });
      if (failOn && sql.includes(failOn)) throw new Error('value too long');
    },
    release: async () => void calls.push({ sql: 'RELEASE' }),
  };
  return { calls, dataSource: { createQueryRunner: () => runner } as unknown as DataSource };
}

describe('FinflowSourceWriter', () => {
  const rows = [...new FinflowGenerator({ holders: 3, transactions: 4, seed: 5, startMs: 0, tenants: loadTenants() }).rows()];

  it('builds one multi-row INSERT per table, casting the JSON columns', () => {
    const sql = insertStatement('t', [{ name: 'a' }, { name: 'b', cast: 'jsonb' }], 2);
    expect(sql).toBe('INSERT INTO t (a, b) VALUES ($1, $2::jsonb), ($3, $4::jsonb)');
  });

  it('writes a batch in one transaction: holders first, then transactions, JSON as text', async () => {
    const { calls, dataSource } = recordingDataSource();
    await new FinflowSourceWriter(dataSource).write(rows);
    expect(calls.map((c) => c.sql.split(' (')[0])).toEqual(['BEGIN', 'INSERT INTO accountholders', 'INSERT INTO transactions', 'COMMIT', 'RELEASE']);
    const [, holders, transactions] = calls;
    expect(holders.params).toHaveLength(3 * 10);
    expect(transactions.params).toHaveLength(4 * 37);
    expect(holders.sql).toContain('nationalid, firstname, lastname, dob, gender, children, address, accounts, emailaddress, mobilephonenumber');
    expect(JSON.parse(holders.params![6] as string)).toMatchObject({ country: 'South Africa' });
    expect(transactions.sql.match(/::jsonb/g)).toHaveLength(4 * 3);
    expect(calls.every((c) => !/COPY/i.test(c.sql))).toBe(true);
  });

  it('rolls the batch back when an INSERT fails', async () => {
    const { calls, dataSource } = recordingDataSource('INSERT INTO transactions');
    await expect(new FinflowSourceWriter(dataSource).write(rows)).rejects.toThrow('value too long');
    expect(calls.map((c) => c.sql.split(' (')[0])).toEqual(['BEGIN', 'INSERT INTO accountholders', 'INSERT INTO transactions', 'ROLLBACK', 'RELEASE']);
  });
});
