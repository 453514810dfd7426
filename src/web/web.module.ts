import { Module } from '@nestjs/common';
import { WebController } from './web.controller';

/** The browser page for people at the conference (talks, search, likes, interests, recommendations). */
@Module({ controllers: [WebController] })
export class WebModule {}
