import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { JwtVerifier } from './jwt-verifier';

/** JWKS verification against a key set served over real HTTP, as an identity provider publishes it. */
describe('JwtVerifier with a JWKS URL', () => {
  let server: Server;
  let url: string;
  let sign: (claims: Record<string, unknown>, kid?: string) => Promise<string>;
  let fetches = 0;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    server = createServer((_req, res) => {
      fetches += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
    sign = (claims, kid = 'k1') => new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid }).setIssuer('https://issuer.example').setExpirationTime('5m').sign(privateKey);
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('verifies tokens with the published key, fetching the key set once, and reads sub and scopes', async () => {
    const verifier = new JwtVerifier({ jwksUrl: url, issuer: 'https://issuer.example' });
    const before = fetches;
    for (let i = 0; i < 3; i++) {
      await expect(verifier.verify(await sign({ sub: 'ann', scope: 'read:likes write:likes something:else' }))).resolves.toEqual({
        subject: 'ann',
        scopes: ['read:likes', 'write:likes'],
      });
    }
    expect(fetches - before).toBe(1);
  });

  it('refuses an unknown key id, a wrong issuer and an HMAC token made with the public key', async () => {
    const verifier = new JwtVerifier({ jwksUrl: url, issuer: 'https://issuer.example' });
    await expect(verifier.verify(await sign({ sub: 'ann' }, 'k2'))).rejects.toThrow("no published key matches the token's key id");
    await expect(new JwtVerifier({ jwksUrl: url, issuer: 'https://other.example' }).verify(await sign({ sub: 'ann' }))).rejects.toThrow("the token's iss claim is not accepted");
    const hmac = await new SignJWT({ sub: 'ann' }).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(new TextEncoder().encode('x'.repeat(32)));
    await expect(verifier.verify(hmac)).rejects.toThrow("the token's algorithm is not accepted");
  });

  it('says the keys could not be fetched when the key set is unreachable', async () => {
    const verifier = new JwtVerifier({ jwksUrl: 'http://127.0.0.1:1/jwks.json' });
    await expect(verifier.verify(await sign({ sub: 'ann' }))).rejects.toThrow('the signing keys could not be fetched');
  });
});
