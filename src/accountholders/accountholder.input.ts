import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate, OptionalText } from '../common/input-rules';
import type { AccountHolderColumns } from './accountholder.types';

/** Like the generator's 731102-4821-085: six digits, four, three. */
export const NATIONAL_ID_PATTERN = /^\d{6}-\d{4}-\d{3}$/;
/** The width of the nationalid column. */
export const NATIONAL_ID_MAX_CHARS = 16;

/** Lengths fit the reference generator's values and the transaction columns they are copied into. */
export class AddressInput {
  @OptionalText(100) streetAddress?: string | null;
  @OptionalText(100) suburb?: string | null;
  @OptionalText(100) town?: string | null;
  @OptionalText(100) province?: string | null;
  @OptionalText(100) country?: string | null;
  @OptionalText(20) postalCode?: string | null;
}

/** Also a transaction leg's accounts: tenantId, branchId, accountId and idCode fill its varchar(8/6/16/5) columns. */
export class BankAccountInput {
  @OptionalText(8) tenantId?: string | null;
  @OptionalText(6) branchId?: string | null;
  @OptionalText(16) accountId?: string | null;
  @OptionalText(100) entityId?: string | null;
  @OptionalText(20) accountType?: string | null;
  @IsOptional() @IsCalendarDate() openingDate?: string | null;
  @OptionalText(5) idCode?: string | null;
}

export class CreditCardInput {
  @OptionalText(25) cardNumber?: string | null;
  @OptionalText(20) cardType?: string | null;
  @IsOptional()
  @Matches(/^(0[1-9]|1[0-2])\/\d{2}$/, { message: '$property must be a month written MM/YY' })
  expDate?: string | null;
  @OptionalText(100) issuingBank?: string | null;
  @OptionalText(8) tenantId?: string | null;
}

export class AccountsInput {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => BankAccountInput)
  bankAccounts?: BankAccountInput[] | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CreditCardInput)
  creditCards?: CreditCardInput[] | null;
}

export class AccountHolderInput {
  @IsString()
  @MaxLength(NATIONAL_ID_MAX_CHARS)
  @Matches(NATIONAL_ID_PATTERN, { message: '$property must look like 731102-4821-085' })
  nationalId: string;

  @OptionalText(100) firstName?: string | null;
  @OptionalText(100) lastName?: string | null;
  @IsOptional() @IsCalendarDate() dob?: string | null;
  @OptionalText(10) gender?: string | null;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(50)
  children?: number | null;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AddressInput)
  address?: AddressInput | null;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AccountsInput)
  accounts?: AccountsInput | null;

  @OptionalText(100)
  @IsEmail()
  emailAddress?: string | null;

  @OptionalText(20) mobilePhoneNumber?: string | null;
}

/** The columns a validated input is stored in; absent fields are NULL. */
export function toAccountHolderColumns(input: AccountHolderInput): AccountHolderColumns<unknown> & { nationalid: string } {
  return {
    nationalid: input.nationalId,
    firstname: input.firstName ?? null,
    lastname: input.lastName ?? null,
    dob: input.dob ?? null,
    gender: input.gender ?? null,
    children: input.children ?? null,
    address: input.address ?? null,
    accounts: input.accounts ?? null,
    emailaddress: input.emailAddress ?? null,
    mobilephonenumber: input.mobilePhoneNumber ?? null,
  };
}
