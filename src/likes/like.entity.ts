import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A user's latest like state for a talk: profiles, likeCount and EventsLiked read it. */
@Entity('likes')
export class LikeEntity {
  @PrimaryColumn('text')
  userid: string;

  @PrimaryColumn({ name: 'event_id', type: 'integer' })
  eventId: number;

  @Column('boolean')
  liked: boolean;

  @Column({ name: 'source_time', type: 'timestamptz' })
  sourceTime: Date;
}

/** Every like ever sent, in order (DataSQRL's raw like stream, for its compatibility modes). */
@Entity('like_events')
export class LikeEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('text')
  userid: string;

  @Column({ name: 'event_id', type: 'integer' })
  eventId: number;

  @Column('boolean')
  liked: boolean;

  @Column({ name: 'source_time', type: 'timestamptz' })
  sourceTime: Date;
}
