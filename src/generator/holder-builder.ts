import { base, en, en_ZA, Faker } from '@faker-js/faker';
import { DAY_MS, formatCardExpiry, formatDate } from './finflow-formats';
import {
  ACCOUNT_TYPES,
  BANK_ACCOUNT_ID_CODE,
  CARD_EXPIRY_MAX_DAYS,
  CARD_EXPIRY_MIN_DAYS,
  CARD_TYPES,
  CHILDREN_MAX,
  COUNTRY,
  DOB_OLDEST_DAYS,
  DOB_YOUNGEST_DAYS,
  GENDERS,
  MAX_BANK_ACCOUNTS,
  MAX_CREDIT_CARDS,
  OPENING_DATE_EARLIEST_MS,
} from './finflow-reference';
import type { AccountHolderRow, Address, BankAccount, CreditCard } from './finflow-rows';
import type { Tenant } from './finflow-tenants';
import { SeededRandom, Weighted, WeightedPick } from './seeded-random';

/** South African names, phone numbers and places, with English (then base) data where en_ZA has none. */
export function createFinflowFaker(seed: number): Faker {
  const faker = new Faker({ locale: [en_ZA, en, base] });
  faker.seed(seed);
  return faker;
}

/** faker's issuer names for the reference's card types, so a card's number fits its type. */
const CARD_ISSUERS: Record<string, string> = {
  MasterCard: 'mastercard',
  Visa: 'visa',
  AmericanExpress: 'american_express',
  DinersClub: 'diners_club',
};

/**
 * The reference asked for PhoneNumber.cellPhone in en-ZA. faker 9 has South African cell phone formats
 * (+2782 ### ####, 083 ### ####, ...) in its en_ZA data but no function for them, and does not type them.
 */
const CELL_PHONE_FORMATS: string[] = (en_ZA as { cell_phone?: { formats?: string[] } }).cell_phone?.formats ?? ['082 ### ####'];

const pickChar = (random: SeededRandom, chars: string) => chars[random.int(0, chars.length - 1)];

/**
 * A national id as the reference's pattern [0-99]{2}[1-11]{2}[1-30]{2}-[0-9]{4}-[0]{1}[8-9]{1}[0-9]{1}
 * produces it: its brackets are character classes, so [1-11] is the digit 1 and [1-30] the digits 0-3
 * (731102-4821-085, 051123-0917-094). Kept as the reference wrote them, "month" 11 included.
 */
export function nationalId(random: SeededRandom): string {
  return `${random.digits(2)}11${pickChar(random, '0123')}${pickChar(random, '0123')}-${random.digits(4)}-0${pickChar(random, '89')}${random.digits(1)}`;
}

/**
 * Builds account holders by the reference's rules. The tenant is drawn once per holder: the reference
 * drew it as a generator variable, which ShadowTraffic evaluates once per row, so all of a holder's
 * bank accounts and cards are with the same bank.
 */
export class AccountHolderBuilder {
  private readonly tenants: WeightedPick<Tenant>;
  private readonly genders = new WeightedPick(GENDERS);
  private readonly accountTypes = new WeightedPick(ACCOUNT_TYPES);
  private readonly cardTypes = new WeightedPick(CARD_TYPES);

  constructor(
    tenants: ReadonlyArray<Weighted<Tenant>>,
    private readonly random: SeededRandom,
    private readonly faker: Faker,
  ) {
    this.tenants = new WeightedPick(tenants);
  }

  build(nowMs: number): AccountHolderRow {
    const { random, faker } = this;
    const tenant = this.tenants.pick(random);
    const nationalid = nationalId(random);
    const gender = this.genders.pick(random);
    const firstname = faker.person.firstName(gender === 'M' ? 'male' : 'female');
    const lastname = faker.person.lastName();
    const dob = formatDate(random.int(nowMs - DOB_OLDEST_DAYS * DAY_MS, nowMs - DOB_YOUNGEST_DAYS * DAY_MS));
    const children = random.int(0, CHILDREN_MAX);
    const emailaddress = faker.internet.email({ firstName: firstname, lastName: lastname });
    const mobilephonenumber = faker.helpers.replaceSymbols(faker.helpers.arrayElement(CELL_PHONE_FORMATS));
    const address = this.address();

    const bankAccounts: BankAccount[] = [];
    for (let i = random.int(1, MAX_BANK_ACCOUNTS); i > 0; i--) {
      bankAccounts.push({
        tenantId: tenant.tenantId,
        branchId: random.digits(6),
        accountId: `${random.digits(4)}-${random.digits(10)}`,
        entityId: tenant.memberName,
        accountType: this.accountTypes.pick(random),
        openingDate: formatDate(random.int(OPENING_DATE_EARLIEST_MS, nowMs)),
        idCode: BANK_ACCOUNT_ID_CODE,
      });
    }
    const creditCards: CreditCard[] = [];
    for (let i = random.int(1, MAX_CREDIT_CARDS); i > 0; i--) {
      const cardType = this.cardTypes.pick(random);
      creditCards.push({
        cardNumber: faker.finance.creditCardNumber(CARD_ISSUERS[cardType]),
        cardType,
        expDate: formatCardExpiry(random.int(nowMs + CARD_EXPIRY_MIN_DAYS * DAY_MS, nowMs + CARD_EXPIRY_MAX_DAYS * DAY_MS)),
        issuingBank: tenant.memberName,
        tenantId: tenant.tenantId,
      });
    }

    return { nationalid, firstname, lastname, dob, gender, children, address, accounts: { bankAccounts, creditCards }, emailaddress, mobilephonenumber };
  }

  /**
   * The reference's Faker expressions in en-ZA: Address.streetAddress, cityPrefix (as the suburb),
   * cityName, state and postcode. en_ZA has no city prefixes, so they come from English, as they did there.
   */
  private address(): Address {
    const { faker } = this;
    return {
      streetAddress: faker.location.streetAddress(),
      suburb: faker.helpers.arrayElement(faker.definitions.location.city_prefix),
      town: faker.helpers.arrayElement(faker.definitions.location.city_name),
      province: faker.location.state(),
      country: COUNTRY,
      postalCode: faker.location.zipCode(),
    };
  }
}
