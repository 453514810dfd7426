import { FinflowGenerator, FinflowGeneratorOptions } from './finflow-generator';
import { DAY_MS } from './finflow-formats';
import { ACCOUNT_TYPES, CARD_TYPES, CLEARING_SYSTEM_CODES, EVENT_TYPES, GENDERS, MSG_TYPES, PAYMENT_CONSTANTS } from './finflow-reference';
import type { AccountHolderRow, GeneratedRow, TransactionRow } from './finflow-rows';
import { loadTenants } from './finflow-tenants';
import { holdersBeforePayment } from './generation-plan';
import { amountFromBaseCents, mirrorInbound } from './payment-builder';
import type { Weighted } from './seeded-random';

const tenants = loadTenants();
const START = Date.parse('2026-01-01T00:00:00Z');
const generate = (options: Partial<FinflowGeneratorOptions> = {}) => [
  ...new FinflowGenerator({ holders: 40, transactions: 60, seed: 7, startMs: START, tenants, ...options }).rows(),
];

const holdersOf = (rows: GeneratedRow[]) => rows.flatMap((r) => (r.table === 'accountholders' ? [r.row] : []));
const transactionsOf = (rows: GeneratedRow[]) => rows.flatMap((r) => (r.table === 'transactions' ? [r.row] : []));
/** [outbound, inbound] pairs, in write order. */
const paymentsOf = (rows: GeneratedRow[]) => {
  const legs = transactionsOf(rows);
  return Array.from({ length: legs.length / 2 }, (_, i) => [legs[2 * i], legs[2 * i + 1]] as const);
};

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const uuidMs = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);
const cents = (n: number) => Math.round(n * 100);

/** Share of each value among `values`, to compare with weight / total weight. */
function expectWeights<T>(values: T[], choices: Weighted<T>[], tolerance: number): void {
  const total = choices.reduce((sum, c) => sum + c.weight, 0);
  for (const { value, weight } of choices) {
    const share = values.filter((v) => v === value).length / values.length;
    expect({ value, share: Math.abs(share - weight / total) < tolerance ? 'ok' : share }).toEqual({ value, share: 'ok' });
  }
}

describe('FinflowGenerator', () => {
  it('writes the requested holders and transaction rows, two legs per payment', () => {
    const rows = generate({ holders: 40, transactions: 60 });
    expect(holdersOf(rows)).toHaveLength(40);
    expect(transactionsOf(rows)).toHaveLength(60);
    expect(paymentsOf(rows).every(([out, inb]) => out.direction === 'outbound' && inb.direction === 'inbound')).toBe(true);
    expect(generate({ holders: 5, transactions: 0 })).toHaveLength(5);
    expect(generate({ holders: 0, transactions: 0 })).toHaveLength(0);
    expect(() => generate({ transactions: 3 })).toThrow('even');
    expect(() => generate({ holders: 0, transactions: 2 })).toThrow('at least one account holder');
  });

  it('gives byte-identical rows for the same seed and different rows for another seed', () => {
    const text = (rows: GeneratedRow[]) => JSON.stringify(rows);
    expect(text(generate({ seed: 7 }))).toBe(text(generate({ seed: 7 })));
    expect(text(generate({ seed: 7 }))).not.toBe(text(generate({ seed: 8 })));
    // Only the clock changes with --start: same people, other times.
    const later = generate({ seed: 7, startMs: START + DAY_MS });
    expect(holdersOf(later).map((h) => h.nationalid)).toEqual(holdersOf(generate({ seed: 7 })).map((h) => h.nationalid));
    expect(text(later)).not.toBe(text(generate({ seed: 7 })));
  });

  it('mirrors every outbound leg into its inbound twin', () => {
    for (const [out, inb] of paymentsOf(generate({ holders: 50, transactions: 200 }))) {
      expect(inb.transactionid).toBe(out.transactionid);
      expect(inb.eventid).not.toBe(out.eventid);
      expect([out.accountidcode, out.counterpartyidcode]).toEqual(['RTC10', 'RTC30']);
      expect([inb.accountidcode, inb.counterpartyidcode]).toEqual(['RTC30', 'RTC10']);
      // Holder and counterparty swapped, and each routing field takes its mirror.
      expect(inb.accountholdernationalid).toBe(out.counterpartynationalid);
      expect(inb.counterpartynationalid).toBe(out.accountholdernationalid);
      expect(inb.accountholderaccount).toEqual(out.counterpartyaccount);
      expect(inb.counterpartyaccount).toEqual(out.accountholderaccount);
      expect(inb.tenantid).toBe(out.toid);
      expect(inb.fromid).toBe(out.toid);
      expect(inb.toid).toBe(out.fromid);
      expect(inb.accountagentid).toBe(out.counterpartyagentid);
      expect(inb.counterpartyagentid).toBe(out.accountagentid);
      expect(inb.fromfibranchid).toBe(out.tofibranchid);
      expect(inb.tofibranchid).toBe(out.fromfibranchid);
      expect(inb.accountnumber).toBe(out.counterpartynumber);
      expect(inb.counterpartynumber).toBe(out.accountnumber);
      // Everything else is the outbound leg's: type, creation date, amount, dates, constants.
      const shared = (t: TransactionRow) => {
        const { eventtype, creationdate, amount, msgtype, settlementclearingsystemcode, paymentclearingsystemreference, requestexecutiondate, settlementdate, destinationcountry } =
          t;
        const { localinstrument, msgstatus, paymentmethod, settlementmethod, transactiontype, verificationresult, numberoftransactions, schemaversion, usercode } = t;
        return {
          eventtype,
          creationdate,
          amount,
          msgtype,
          settlementclearingsystemcode,
          paymentclearingsystemreference,
          requestexecutiondate,
          settlementdate,
          destinationcountry,
          localinstrument,
          msgstatus,
          paymentmethod,
          settlementmethod,
          transactiontype,
          verificationresult,
          numberoftransactions,
          schemaversion,
          usercode,
        };
      };
      expect(shared(inb)).toEqual(shared(out));
      // The inbound leg is the next row: 125 ms later.
      expect(uuidMs(inb.eventid) - uuidMs(out.eventid)).toBe(125);
    }
  });

  it('routes the outbound leg from the payer account to the payee account', () => {
    for (const [out] of paymentsOf(generate())) {
      expect(out).toMatchObject({
        tenantid: out.accountholderaccount.tenantId,
        fromid: out.accountholderaccount.tenantId,
        accountagentid: out.accountholderaccount.tenantId,
        fromfibranchid: out.accountholderaccount.branchId,
        accountnumber: out.accountholderaccount.accountId,
        toid: out.counterpartyaccount.tenantId,
        counterpartyagentid: out.counterpartyaccount.tenantId,
        tofibranchid: out.counterpartyaccount.branchId,
        counterpartynumber: out.counterpartyaccount.accountId,
        ...PAYMENT_CONSTANTS,
        destinationcountry: 'ZAF',
      });
    }
  });

  it('pays only between holders written earlier, each with one of their own bank accounts', () => {
    const written: AccountHolderRow[] = [];
    for (const generated of generate({ holders: 30, transactions: 200 })) {
      if (generated.table === 'accountholders') {
        written.push(generated.row);
        continue;
      }
      const t = generated.row;
      for (const [nationalId, account] of [
        [t.accountholdernationalid, t.accountholderaccount],
        [t.counterpartynationalid, t.counterpartyaccount],
      ] as const) {
        const owners = written.filter((h) => h.nationalid === nationalId && h.accounts.bankAccounts.some((a) => JSON.stringify(a) === JSON.stringify(account)));
        expect(owners.length).toBeGreaterThan(0);
      }
      expect(t.accountholdernationalid).not.toBe(t.counterpartynationalid);
    }
  });

  it('computes amounts as baseValue x 18.5, rounded to cents', () => {
    for (const [out] of paymentsOf(generate({ holders: 20, transactions: 400 }))) {
      const { baseCurrency, baseValue, roe, currency, value } = out.amount;
      expect({ baseCurrency, roe, currency }).toEqual({ baseCurrency: 'USD', roe: 18.5, currency: 'ZA' });
      expect(cents(baseValue) / 100).toBe(baseValue);
      expect(baseValue).toBeGreaterThanOrEqual(10);
      expect(baseValue).toBeLessThanOrEqual(3000);
      expect(cents(value)).toBe(Math.round(cents(baseValue) * 18.5 + 1e-9));
    }
    expect(amountFromBaseCents(1001).value).toBe(185.19); // 185.185 rounds up
    expect(amountFromBaseCents(300000)).toEqual({ baseCurrency: 'USD', baseValue: 3000, roe: 18.5, currency: 'ZA', value: 55500 });
  });

  it('writes holders in the reference formats, within the column widths', () => {
    for (const h of holdersOf(generate({ holders: 300, transactions: 0 }))) {
      expect(h.nationalid).toMatch(/^\d{2}11[0-3]{2}-\d{4}-0[89]\d$/);
      expect(['M', 'F']).toContain(h.gender);
      expect(h.children).toBeGreaterThanOrEqual(0);
      expect(h.children).toBeLessThanOrEqual(5);
      expect(h.dob).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(h.address.country).toBe('South Africa');
      expect(Object.keys(h.address)).toEqual(['streetAddress', 'suburb', 'town', 'province', 'country', 'postalCode']);
      expect(h.accounts.bankAccounts.length).toBeGreaterThanOrEqual(1);
      expect(h.accounts.bankAccounts.length).toBeLessThanOrEqual(6);
      expect(h.accounts.creditCards.length).toBeGreaterThanOrEqual(1);
      expect(h.accounts.creditCards.length).toBeLessThanOrEqual(2);
      // One bank per holder: the reference drew its tenant once per row.
      const tenant = tenants.find((t) => t.value.tenantId === h.accounts.bankAccounts[0].tenantId)!.value;
      for (const account of h.accounts.bankAccounts) {
        expect(account).toMatchObject({ tenantId: tenant.tenantId, entityId: tenant.memberName, idCode: 'RTC10' });
        expect(account.accountId).toMatch(/^\d{4}-\d{10}$/);
        expect(account.branchId).toMatch(/^\d{6}$/);
        expect(account.openingDate >= '1970-01-02').toBe(true);
      }
      for (const card of h.accounts.creditCards) {
        expect(card).toMatchObject({ tenantId: tenant.tenantId, issuingBank: tenant.memberName });
        expect(card.expDate).toMatch(/^(0[1-9]|1[0-2])\/\d{2}$/);
        expect(card.cardNumber).toMatch(/^[\d-]{13,19}$/);
      }
      expect(h.firstname.length).toBeLessThanOrEqual(100);
      expect(h.lastname.length).toBeLessThanOrEqual(100);
      expect(h.emailaddress).toMatch(/^\S+@\S+\.\S+$/);
      expect(h.emailaddress.length).toBeLessThanOrEqual(100);
      expect(h.mobilephonenumber.length).toBeLessThanOrEqual(20);
    }
  });

  it('dates every row by the simulated clock: 125 ms per row from the start', () => {
    const rows = generate({ holders: 10, transactions: 20, startMs: START });
    rows.forEach((generated, index) => {
      const now = START + index * 125;
      if (generated.table === 'accountholders') {
        // 17 to 68 years before the clock.
        const dob = Date.parse(`${generated.row.dob}T00:00:00Z`);
        expect(dob).toBeGreaterThanOrEqual(now - 24780 * DAY_MS - DAY_MS);
        expect(dob).toBeLessThanOrEqual(now - 6372 * DAY_MS);
        return;
      }
      const t = generated.row;
      expect(uuidMs(t.eventid)).toBe(now);
      expect(t.eventid).toMatch(UUID_V7);
      expect(t.transactionid).toMatch(UUID_V7);
      expect(t.eventtime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,3})?$/);
      expect(Date.parse(`${t.eventtime.replace(' ', 'T')}Z`)).toBe(now);
      expect(t.creationdate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
      expect(t.paymentclearingsystemreference).toMatch(/^\d{9}$/);
      const created = Date.parse(`${t.creationdate.slice(0, 10)}T00:00:00Z`);
      const days = (date: string) => (Date.parse(`${date}T00:00:00Z`) - created) / DAY_MS;
      expect(days(t.requestexecutiondate)).toBeGreaterThanOrEqual(0);
      expect(days(t.requestexecutiondate)).toBeLessThanOrEqual(3);
      expect(days(t.settlementdate)).toBeGreaterThanOrEqual(0);
      expect(days(t.settlementdate)).toBeLessThanOrEqual(7);
    });
  });

  it('keeps the reference weights over many rows', () => {
    const rows = generate({ holders: 4000, transactions: 16000, seed: 11 });
    const holders = holdersOf(rows);
    const outbound = paymentsOf(rows).map(([out]) => out);
    expectWeights(
      holders.map((h) => h.gender),
      GENDERS,
      0.03,
    );
    expectWeights(
      holders.flatMap((h) => h.accounts.bankAccounts.map((a) => a.accountType)),
      ACCOUNT_TYPES,
      0.03,
    );
    expectWeights(
      holders.flatMap((h) => h.accounts.creditCards.map((c) => c.cardType)),
      CARD_TYPES,
      0.03,
    );
    // Some banks appear several times in the list (one tenantId, several divisions): their weights add up.
    const tenantWeights = new Map<string, number>();
    for (const t of tenants) tenantWeights.set(t.value.tenantId, (tenantWeights.get(t.value.tenantId) ?? 0) + t.weight);
    const byTenantId = [...tenantWeights].map(([value, weight]) => ({ value, weight }));
    expectWeights(
      holders.map((h) => h.accounts.bankAccounts[0].tenantId),
      byTenantId,
      0.015,
    );
    expectWeights(
      outbound.map((t) => t.eventtype),
      EVENT_TYPES,
      0.03,
    );
    expectWeights(
      outbound.map((t) => t.msgtype),
      MSG_TYPES,
      0.03,
    );
    expectWeights(
      outbound.map((t) => t.settlementclearingsystemcode),
      CLEARING_SYSTEM_CODES,
      0.03,
    );
    // Uniform counts: 1-6 accounts (mean 3.5), 1-2 cards (mean 1.5), 0-5 children (mean 2.5).
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean(holders.map((h) => h.accounts.bankAccounts.length))).toBeCloseTo(3.5, 0);
    expect(mean(holders.map((h) => h.accounts.creditCards.length))).toBeCloseTo(1.5, 1);
    expect(mean(holders.map((h) => h.children))).toBeCloseTo(2.5, 0);
    expect(mean(outbound.map((t) => t.amount.baseValue))).toBeGreaterThan(1400);
    expect(mean(outbound.map((t) => t.amount.baseValue))).toBeLessThan(1610);
  });
});

describe('holdersBeforePayment', () => {
  it('spreads the holders over the payments, at least two before the first, all by the last', () => {
    const plan = (holders: number, payments: number) => Array.from({ length: payments }, (_, i) => holdersBeforePayment(i, holders, payments));
    expect(plan(1000, 1000).slice(0, 4)).toEqual([2, 2, 3, 4]);
    expect(plan(1000, 1000)[999]).toBe(1000);
    expect(plan(10, 2)).toEqual([5, 10]);
    expect(plan(1, 3)).toEqual([1, 1, 1]);
    expect(plan(2, 5)).toEqual([2, 2, 2, 2, 2]);
    for (const [holders, payments] of [
      [7, 3],
      [3, 7],
      [100, 33],
    ]) {
      const steps = plan(holders, payments);
      expect(steps.every((n, i) => i === 0 || n >= steps[i - 1])).toBe(true);
      expect(steps[payments - 1]).toBe(holders);
    }
  });

  it('places the holders of the generated rows by that plan', () => {
    // 10 holders, 4 payments: 3, 5, 8 and 10 holders written before payments 1 to 4.
    const rows = generate({ holders: 10, transactions: 8 });
    expect(rows.map((r) => (r.table === 'accountholders' ? 'h' : r.row.direction[0])).join('')).toBe('hhhoihhoihhhoihhoi');
  });
});

describe('mirrorInbound', () => {
  it('changes only the id, time, direction and the mirrored fields', () => {
    const [[out]] = paymentsOf(generate());
    const inbound = mirrorInbound(out, 'new-id', '2026-01-01 00:00:01');
    const changed = Object.keys(out).filter((key) => JSON.stringify(out[key as keyof TransactionRow]) !== JSON.stringify(inbound[key as keyof TransactionRow]));
    expect(changed.every((key) => !['transactionid', 'amount', 'eventtype', 'creationdate'].includes(key))).toBe(true);
    expect(inbound).toMatchObject({ eventid: 'new-id', eventtime: '2026-01-01 00:00:01', direction: 'inbound' });
  });
});
