import { Controller, Get, Header, NotFoundException, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { parseScopes } from '../auth/scopes';
import { AppConfig } from '../config/app-config';
import { loadWebAssets } from './web-assets';
import { WEB_PAGE_CSP, webPage } from './web-page';

/** The conference page at / and its two files, served from memory by this process. */
@Controller()
export class WebController {
  private readonly assets = loadWebAssets();
  private readonly page: string;

  constructor(config: AppConfig) {
    // The page tells its script what a visitor without a token may do, so that it asks for one instead.
    this.page = webPage(this.assets, parseScopes(config.PUBLIC_SCOPES) ?? []);
  }

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  // The page names its files by content hash: it is revalidated (ETag) so that a new version is seen.
  @Header('Cache-Control', 'no-cache')
  @Header('Content-Security-Policy', WEB_PAGE_CSP)
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Referrer-Policy', 'no-referrer')
  index(): string {
    return this.page;
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Query('v') version: unknown, @Res() res: Response): void {
    // A Map lookup by exact name: no request can reach another file.
    const asset = this.assets.get(name);
    if (!asset) throw new NotFoundException('unknown web asset');
    const versioned = version === asset.version;
    res.set({
      'Content-Type': asset.contentType,
      'Cache-Control': versioned ? 'public, max-age=31536000, immutable' : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    res.send(asset.body);
  }
}
