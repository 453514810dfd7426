import type { Faker } from '@faker-js/faker';
import type { BankAccount, GeneratedRow } from './finflow-rows';
import type { Tenant } from './finflow-tenants';
import { holdersBeforePayment } from './generation-plan';
import { AccountHolderBuilder, createFinflowFaker } from './holder-builder';
import { PaymentBuilder, PaymentParty } from './payment-builder';
import { SeededRandom, Weighted } from './seeded-random';
import { SimulatedClock } from './simulated-clock';

export interface FinflowGeneratorOptions {
  holders: number;
  /** Transaction rows: an even number, two legs per payment. */
  transactions: number;
  seed: number;
  /** First instant of the simulated clock, in Unix milliseconds. */
  startMs: number;
  tenants: ReadonlyArray<Weighted<Tenant>>;
}

/** What a payment needs of a holder written earlier: its national id and bank accounts. */
interface WrittenHolder {
  nationalId: string;
  bankAccounts: BankAccount[];
}

/**
 * The rows of one run, in the order they are written: holders spread over the payments, each payment
 * an outbound leg and then its inbound twin. A pure function of the options: the same seed and start
 * give the same rows, however they are batched or paced afterwards.
 */
export class FinflowGenerator {
  readonly payments: number;
  private readonly random: SeededRandom;
  private readonly faker: Faker;
  private readonly clock: SimulatedClock;
  private readonly holderBuilder: AccountHolderBuilder;
  private readonly paymentBuilder: PaymentBuilder;
  private readonly written: WrittenHolder[] = [];

  constructor(private readonly options: FinflowGeneratorOptions) {
    if (!Number.isInteger(options.transactions) || options.transactions < 0 || options.transactions % 2 !== 0) {
      throw new Error(`transactions must be an even number of rows, got ${options.transactions}`);
    }
    if (options.transactions > 0 && options.holders < 1) throw new Error('payments need at least one account holder');
    this.payments = options.transactions / 2;
    this.random = new SeededRandom(options.seed);
    this.faker = createFinflowFaker(options.seed);
    this.clock = new SimulatedClock(options.startMs);
    this.holderBuilder = new AccountHolderBuilder(options.tenants, this.random, this.faker);
    this.paymentBuilder = new PaymentBuilder(this.random);
  }

  get totalRows(): number {
    return this.options.holders + this.options.transactions;
  }

  *rows(): Generator<GeneratedRow> {
    const { holders } = this.options;
    for (let payment = 0; payment < this.payments; payment++) {
      yield* this.holdersUpTo(holdersBeforePayment(payment, holders, this.payments));
      const [payer, payee] = this.parties();
      const outbound = this.paymentBuilder.outbound(payer, payee, this.clock.now());
      this.clock.advance();
      yield { table: 'transactions', row: outbound };
      const inbound = this.paymentBuilder.inbound(outbound, this.clock.now());
      this.clock.advance();
      yield { table: 'transactions', row: inbound };
    }
    yield* this.holdersUpTo(holders);
  }

  private *holdersUpTo(count: number): Generator<GeneratedRow> {
    while (this.written.length < count) {
      const row = this.holderBuilder.build(this.clock.now());
      this.clock.advance();
      this.written.push({ nationalId: row.nationalid, bankAccounts: row.accounts.bankAccounts });
      yield { table: 'accountholders', row };
    }
  }

  /**
   * Payer and payee: random holders written so far, one random bank account each. Two different
   * holders whenever there are two (the reference's two independent lookups could pick one holder
   * twice, a payment to oneself; with few holders that would be a large share of the payments).
   */
  private parties(): [PaymentParty, PaymentParty] {
    const { random, written } = this;
    const payerIndex = random.int(0, written.length - 1);
    let payeeIndex = payerIndex;
    if (written.length > 1) {
      payeeIndex = random.int(0, written.length - 2);
      if (payeeIndex >= payerIndex) payeeIndex++;
    }
    const party = (holder: WrittenHolder): PaymentParty => ({ nationalId: holder.nationalId, account: random.pick(holder.bankAccounts) });
    return [party(written[payerIndex]), party(written[payeeIndex])];
  }
}
