import type { DataSource } from 'typeorm';
import type { AccountHolderRow, GeneratedRow, TransactionRow } from './finflow-rows';

type Column<R> = { name: keyof R & string; cast?: 'jsonb' | 'integer' };

const HOLDER_COLUMNS: Column<AccountHolderRow>[] = [
  { name: 'nationalid' },
  { name: 'firstname' },
  { name: 'lastname' },
  { name: 'dob' },
  { name: 'gender' },
  { name: 'children', cast: 'integer' },
  { name: 'address', cast: 'jsonb' },
  { name: 'accounts', cast: 'jsonb' },
  { name: 'emailaddress' },
  { name: 'mobilephonenumber' },
];

const TRANSACTION_COLUMNS: Column<TransactionRow>[] = [
  { name: 'eventid' },
  { name: 'transactionid' },
  { name: 'eventtime' },
  { name: 'direction' },
  { name: 'eventtype' },
  { name: 'creationdate' },
  { name: 'accountholdernationalid' },
  { name: 'accountholderaccount', cast: 'jsonb' },
  { name: 'counterpartynationalid' },
  { name: 'counterpartyaccount', cast: 'jsonb' },
  { name: 'tenantid' },
  { name: 'fromid' },
  { name: 'accountagentid' },
  { name: 'fromfibranchid' },
  { name: 'accountnumber' },
  { name: 'toid' },
  { name: 'accountidcode' },
  { name: 'counterpartyagentid' },
  { name: 'tofibranchid' },
  { name: 'counterpartynumber' },
  { name: 'counterpartyidcode' },
  { name: 'amount', cast: 'jsonb' },
  { name: 'msgtype' },
  { name: 'settlementclearingsystemcode' },
  { name: 'paymentclearingsystemreference' },
  { name: 'requestexecutiondate' },
  { name: 'settlementdate' },
  { name: 'destinationcountry' },
  { name: 'localinstrument' },
  { name: 'msgstatus' },
  { name: 'paymentmethod' },
  { name: 'settlementmethod' },
  { name: 'transactiontype' },
  { name: 'verificationresult' },
  { name: 'numberoftransactions', cast: 'integer' },
  { name: 'schemaversion', cast: 'integer' },
  { name: 'usercode' },
];

/** One multi-row INSERT: "INSERT INTO t (a, b) VALUES ($1, $2::jsonb), ($3, $4::jsonb)". */
export function insertStatement<R>(table: string, columns: Column<R>[], rowCount: number): string {
  const tuples: string[] = [];
  for (let row = 0; row < rowCount; row++) {
    const base = row * columns.length;
    tuples.push(`(${columns.map((column, i) => `$${base + i + 1}${column.cast ? `::${column.cast}` : ''}`).join(', ')})`);
  }
  return `INSERT INTO ${table} (${columns.map((column) => column.name).join(', ')}) VALUES ${tuples.join(', ')}`;
}

function parameters<R>(columns: Column<R>[], rows: R[]): unknown[] {
  const values: unknown[] = [];
  for (const row of rows) {
    for (const column of columns) values.push(column.cast === 'jsonb' ? JSON.stringify(row[column.name]) : row[column.name]);
  }
  return values;
}

/**
 * Writes generated rows into the source tables with plain INSERTs, as any other program would, so the
 * service's capture triggers see ordinary inserts. Multi-row VALUES, never COPY: the embedded database
 * stops answering on COPY FROM STDIN.
 */
export class FinflowSourceWriter {
  private readonly statements = new Map<string, string>();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Writes one batch in one database transaction, holders first: a payment in the batch may use a
   * holder written in the same batch, and an interrupted run keeps whole batches only.
   */
  async write(rows: readonly GeneratedRow[]): Promise<void> {
    const holders: AccountHolderRow[] = [];
    const transactions: TransactionRow[] = [];
    for (const generated of rows) {
      if (generated.table === 'accountholders') holders.push(generated.row);
      else transactions.push(generated.row);
    }
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      if (holders.length > 0) await runner.query(this.statement('accountholders', HOLDER_COLUMNS, holders.length), parameters(HOLDER_COLUMNS, holders));
      if (transactions.length > 0) {
        await runner.query(this.statement('transactions', TRANSACTION_COLUMNS, transactions.length), parameters(TRANSACTION_COLUMNS, transactions));
      }
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** Batches mostly have the same sizes: their SQL text is built once per size. */
  private statement<R>(table: string, columns: Column<R>[], rowCount: number): string {
    const key = `${table}:${rowCount}`;
    let sql = this.statements.get(key);
    if (sql === undefined) {
      sql = insertStatement(table, columns, rowCount);
      this.statements.set(key, sql);
    }
    return sql;
  }
}
