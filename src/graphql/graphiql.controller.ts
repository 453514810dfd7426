import { Controller, Get, Header, NotFoundException, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { resolveGraphiqlAssets } from './graphiql-assets';
import { graphiqlPage } from './graphiql-page';
import { GRAPHQL_PATH } from './graphql-path';

const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

/** GraphiQL in the browser at /graphiql, served entirely by this process (no CDN). */
@Controller('graphiql')
export class GraphiqlController {
  private readonly assets = resolveGraphiqlAssets();
  private readonly page = graphiqlPage(this.assets, GRAPHQL_PATH);

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  // The page names the asset versions: it must be revalidated so an upgrade reaches the browser.
  @Header('Cache-Control', 'no-cache')
  @Header('X-Content-Type-Options', 'nosniff')
  index(@Res({ passthrough: true }) res: Response): string {
    // Its start-up script is inline: the policy allows that one script by its hash, and no other.
    res.set('Content-Security-Policy', this.page.csp);
    return this.page.html;
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Query('v') version: unknown, @Res() res: Response): void {
    // A Map lookup by exact name: "../x", "%2e%2e%2f" or "__proto__" simply are not keys.
    const asset = this.assets.get(name);
    if (!asset) throw new NotFoundException('unknown GraphiQL asset');
    // Links carrying the installed version never change content: cache them for good. Any other URL
    // is revalidated (ETag/Last-Modified from sendFile), so an upgrade is never hidden by a cache.
    const versioned = version === asset.version;
    res.sendFile(
      asset.file,
      {
        maxAge: versioned ? ONE_YEAR_MS : 0,
        immutable: versioned,
        headers: { 'Content-Type': asset.contentType, 'X-Content-Type-Options': 'nosniff' },
      },
      (error?: Error) => {
        if (error && !res.headersSent) res.status(500).json({ statusCode: 500, message: `cannot read GraphiQL asset ${name}` });
      },
    );
  }
}
