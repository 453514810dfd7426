import { cspWithInlineScripts } from '../common/security-headers';
import { graphiqlAssetUrl, type GraphiqlAsset } from './graphiql-assets';

/** What a first visit shows in the editor (GraphiQL keeps the user's own query afterwards). */
export const GRAPHIQL_DEFAULT_QUERY = `# semflow: talks, likes, interests and recommendations.
# Open the Docs panel for the whole schema; run with Ctrl-Enter.
{
  Events(limit: 5) {
    id
    title
    startTimestamp
    likeCount {
      num
    }
  }
}
`;

/** A value for an inline script: JSON, with "<" escaped so no string can close the script element. */
function scriptLiteral(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** The page, and the Content-Security-Policy that lets exactly its one inline script run. */
export interface GraphiqlPage {
  html: string;
  csp: string;
}

/** The playground page: pinned UMD builds served by this service, talking to its own endpoint. */
export function graphiqlPage(assets: ReadonlyMap<string, GraphiqlAsset>, endpoint: string): GraphiqlPage {
  const url = (name: string) => {
    const asset = assets.get(name);
    if (!asset) throw new Error(`GraphiQL asset ${name} is not in the allow-list`);
    return graphiqlAssetUrl(name, asset);
  };
  const script = `
      const fetcher = GraphiQL.createFetcher({ url: ${scriptLiteral(endpoint)} });
      ReactDOM.createRoot(document.getElementById('graphiql')).render(
        React.createElement(GraphiQL, {
          fetcher,
          defaultQuery: ${scriptLiteral(GRAPHIQL_DEFAULT_QUERY)},
          defaultEditorToolsVisibility: true,
        }),
      );
    `;
  const html = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>semflow GraphiQL</title>
    <style>
      body { height: 100%; margin: 0; width: 100%; overflow: hidden; }
      #graphiql { height: 100vh; }
    </style>
    <link rel="stylesheet" href="${url('graphiql.min.css')}" />
    <script src="${url('react.production.min.js')}"></script>
    <script src="${url('react-dom.production.min.js')}"></script>
    <script src="${url('graphiql.min.js')}"></script>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script>${script}</script>
  </body>
</html>
`;
  return { html, csp: cspWithInlineScripts([script]) };
}
