import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EmbeddedRow } from '../embedding/embedded-row.entity';

export interface Speaker {
  name: string;
  title?: string | null;
  company?: string | null;
}

/** The fields of a talk as its source gives them (besides last_updated, whose form varies by layer). */
export interface TalkFields {
  url: string;
  date: string;
  time: string;
  title: string;
  abstract: string;
  location: string;
  speakers: Speaker[];
}

/** Only the TalkFields of a wider object (a record, a row). */
export function talkFieldsOf({ url, date, time, title, abstract, location, speakers }: TalkFields): TalkFields {
  return { url, date, time, title, abstract, location, speakers };
}

@Entity('events')
export class EventEntity extends EmbeddedRow {
  @PrimaryColumn('integer')
  id: number;

  @Column('text')
  url: string;

  @Column('text')
  date: string;

  @Column('text')
  time: string;

  @Column('text')
  title: string;

  @Column('text')
  abstract: string;

  @Column('text')
  location: string;

  @Column('jsonb')
  speakers: Speaker[];

  @Column({ name: 'last_updated', type: 'timestamptz' })
  lastUpdated: Date;

  @Column({ name: 'full_text', type: 'text' })
  fullText: string;

  @Column({ name: 'start_time', type: 'text', nullable: true })
  startTime: string | null;

  @Column({ name: 'start_timestamp', type: 'timestamptz', nullable: true })
  startTimestamp: Date | null;
}
