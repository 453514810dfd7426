import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The source tables of the financial flow, with the columns and types the reference generator writes
 * (lowercase names, text dates as the generator formats them). Other programs write here directly;
 * semflow captures their changes with triggers (next migration).
 */
export class CreateFinflowSources1732230000300 implements MigrationInterface {
  name = 'CreateFinflowSources1732230000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE accountholders (
        _id serial PRIMARY KEY,
        nationalid varchar(16) NOT NULL,
        firstname varchar(100),
        lastname varchar(100),
        dob varchar(10),
        gender varchar(10),
        children integer,
        address jsonb,
        accounts jsonb,
        emailaddress varchar(100),
        mobilephonenumber varchar(20),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX accountholders_nationalid_idx ON accountholders (nationalid)');

    await queryRunner.query(`
      CREATE TABLE transactions (
        _id serial PRIMARY KEY,
        eventid varchar(36) NOT NULL,
        transactionid varchar(36) NOT NULL,
        eventtime varchar(30),
        direction varchar(8),
        eventtype varchar(10),
        creationdate varchar(20),
        accountholdernationalid varchar(16),
        accountholderaccount jsonb,
        counterpartynationalid varchar(16),
        counterpartyaccount jsonb,
        tenantid varchar(8),
        fromid varchar(8),
        accountagentid varchar(8),
        fromfibranchid varchar(6),
        accountnumber varchar(16),
        toid varchar(8),
        accountidcode varchar(5),
        counterpartyagentid varchar(8),
        tofibranchid varchar(6),
        counterpartynumber varchar(16),
        counterpartyidcode varchar(5),
        amount jsonb,
        msgtype varchar(6),
        settlementclearingsystemcode varchar(5),
        paymentclearingsystemreference varchar(12),
        requestexecutiondate varchar(10),
        settlementdate varchar(10),
        destinationcountry varchar(30),
        localinstrument varchar(2),
        msgstatus varchar(12),
        paymentmethod varchar(4),
        settlementmethod varchar(4),
        transactiontype varchar(2),
        verificationresult varchar(4),
        numberoftransactions integer,
        schemaversion integer,
        usercode varchar(4),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX transactions_eventid_idx ON transactions (eventid)');
    await queryRunner.query('CREATE INDEX transactions_transactionid_idx ON transactions (transactionid)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE transactions');
    await queryRunner.query('DROP TABLE accountholders');
  }
}
