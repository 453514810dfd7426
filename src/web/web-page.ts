import { webAssetUrl, type WebAsset } from './web-assets';

/**
 * What the page may load: its own script, style sheet and API, nothing inline and nothing from another
 * origin (the icon is an empty data: URL so that the browser does not ask for /favicon.ico).
 */
export const WEB_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The conference page: static markup that app.js fills from /graphql. Every input has a label, every
 * action is a <button>, and the regions are landmarks (header, nav, main, aside) so that it can be used
 * with a keyboard and a screen reader.
 */
export function webPage(assets: ReadonlyMap<string, WebAsset>, publicScopes: readonly string[]): string {
  const url = (name: string) => {
    const asset = assets.get(name);
    if (!asset) throw new Error(`web asset ${name} is not loaded`);
    return webAssetUrl(name, asset);
  };
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Conference talks · semflow</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${url('app.css')}" />
    <script src="${url('app.js')}" defer></script>
  </head>
  <body data-public-scopes="${publicScopes.join(' ')}">
    <a class="skip-link" href="#talks-heading">Skip to the talks</a>
    <header>
      <h1>Conference talks</h1>
      <nav aria-label="Sections">
        <a href="#talks-heading">Talks</a>
        <a href="#recommended-heading">Recommended for you</a>
        <a href="#interest-heading">Add an interest</a>
      </nav>
      <form id="user-form" aria-label="User">
        <div class="field">
          <label for="userid">Your user id</label>
          <input id="userid" name="userid" autocomplete="username" spellcheck="false" />
        </div>
        <div class="field">
          <label for="access-token">Access token</label>
          <input id="access-token" name="token" type="password" autocomplete="off" spellcheck="false" />
        </div>
        <button type="submit">Switch user</button>
      </form>
    </header>
    <main>
      <div class="messages">
        <p id="error" class="error" role="alert" aria-live="assertive"></p>
        <p id="notice" class="notice" role="status" aria-live="polite"></p>
      </div>
      <section aria-labelledby="talks-heading">
        <h2 id="talks-heading" tabindex="-1">All talks</h2>
        <form id="search-form" role="search" aria-label="Talks">
          <div class="field">
            <label for="search-query">Search talks</label>
            <input id="search-query" name="query" type="search" required />
          </div>
          <button type="submit">Search</button>
          <button type="button" id="clear-search" class="secondary" hidden>Show all talks</button>
        </form>
        <ol id="talk-list" class="talks" aria-labelledby="talks-heading"></ol>
        <nav class="pager" aria-label="Talk pages">
          <button type="button" id="previous-page" class="secondary">Previous page</button>
          <span id="page-number">Page 1</span>
          <button type="button" id="next-page" class="secondary">Next page</button>
        </nav>
      </section>
      <aside aria-labelledby="recommended-heading">
        <h2 id="recommended-heading" tabindex="-1">Recommended for you</h2>
        <p id="recommended-basis" class="notice"></p>
        <ol id="recommended-list" class="recommended" aria-labelledby="recommended-heading"></ol>
        <h2 id="interest-heading" tabindex="-1">Add an interest</h2>
        <form id="interest-form" aria-labelledby="interest-heading">
          <div class="field">
            <label for="interest-text">What would you like to hear about?</label>
            <textarea id="interest-text" name="text" rows="3"></textarea>
          </div>
          <button type="submit">Add interest</button>
        </form>
      </aside>
    </main>
  </body>
</html>
`;
}
