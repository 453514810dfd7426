import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EmbeddedRow } from '../embedding/embedded-row.entity';

/** A user's interest in their own words; embedded like talks, it joins the user's profile. */
@Entity('interests')
export class InterestEntity extends EmbeddedRow {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  userid: string;

  @Column('text')
  text: string;

  @Column({ name: 'source_time', type: 'timestamptz' })
  sourceTime: Date;
}
