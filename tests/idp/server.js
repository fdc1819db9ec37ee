// A real OpenID Connect provider for Psa's portal SSO tests: oidc-provider on 127.0.0.1.
//
//   node server.js --port 0 --client-id psa --client-secret s3cret --redirect-uri http://acme.localhost:5080/portal/sso/callback
//
// Prints one line `READY <issuer>` when listening. Accounts are whoever signs in: the login typed in
// the provider's sign-in form is the account id, and its email is that login (when it contains @).
// For failure tests, `POST /__test/tamper` with
// {"mode": "none|audience|signature|expired|nonce|unverified|issuer|at_hash|nosub|alg"} makes the token
// endpoint hand out a wrongly made id_token (re-signed with the provider's own key, except "signature",
// which is signed with a stranger's key, and "alg", which is HS256 signed with the client secret).
import http from 'node:http';
import crypto from 'node:crypto';
import Provider from 'oidc-provider';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
  return pairs;
}, []));

const port = Number(args.port ?? 0);
const clients = (args['redirect-uri'] ?? '').split(',').filter(Boolean);
const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'psa-test-key', use: 'sig', alg: 'RS256' };
const stranger = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
let tamper = 'none';

const server = http.createServer();
server.listen(port, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: args['client-id'] ?? 'psa',
      client_secret: args['client-secret'] ?? 'secret',
      redirect_uris: clients,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    }],
    jwks: { keys: [jwk] },
    pkce: { required: () => true },
    // Put the email and profile claims in the id_token itself, as most company providers do.
    conformIdTokenClaims: false,
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: true } },
    findAccount: async (ctx, id) => ({
      accountId: id,
      claims: async () => ({
        sub: id,
        email: id.includes('@') ? id : `${id}@example.test`,
        email_verified: tamper !== 'unverified',
        name: id.split('@')[0].replace(/[._-]/g, ' ').replace(/\b\w/g, c => c.toUpperCase()),
      }),
    }),
    // First-party test client: no consent screen, every requested scope is granted.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope(ctx.oidc.params.scope);
      await grant.save();
      return grant;
    },
    ttl: { IdToken: 3600, AccessToken: 3600, AuthorizationCode: 600, Interaction: 600, Session: 3600, Grant: 3600 },
  });
  provider.proxy = false;
  const callback = provider.callback();

  server.on('request', (req, res) => {
    if (req.url === '/__test/tamper' && req.method === 'POST') {
      let body = '';
      req.on('data', c => { body += c; });
      req.on('end', () => { tamper = JSON.parse(body || '{}').mode ?? 'none'; res.end(JSON.stringify({ tamper })); });
      return;
    }
    if (req.url.startsWith('/token') && !['none', 'unverified'].includes(tamper)) {
      interceptToken(res);
    }
    callback(req, res);
  });
  console.log(`READY ${issuer}`);
});

function interceptToken(res) {
  const chunks = [];
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  res.write = (chunk) => { chunks.push(Buffer.from(chunk)); return true; };
  res.end = (chunk) => {
    if (chunk) chunks.push(Buffer.from(chunk));
    let body = Buffer.concat(chunks).toString('utf8');
    try {
      const json = JSON.parse(body);
      if (json.id_token) {
        json.id_token = reSign(json.id_token);
        body = JSON.stringify(json);
      }
    } catch { /* not JSON: pass through */ }
    res.setHeader?.('content-length', Buffer.byteLength(body));
    write(body);
    return end();
  };
}

function reSign(token) {
  const [h, p] = token.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url'));
  const payload = JSON.parse(Buffer.from(p, 'base64url'));
  if (tamper === 'audience') payload.aud = 'someone-else';
  if (tamper === 'expired') { payload.iat -= 7200; payload.exp = Math.floor(Date.now() / 1000) - 3600; }
  if (tamper === 'nonce') payload.nonce = 'not-the-nonce-you-sent';
  if (tamper === 'issuer') payload.iss = 'https://impostor.example';
  if (tamper === 'at_hash') payload.at_hash = Buffer.from('not the hash of the access token').toString('base64url').slice(0, 22);
  if (tamper === 'nosub') payload.sub = '';
  if (tamper === 'alg') {
    header.alg = 'HS256';
    const forged = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    return `${forged}.${crypto.createHmac('sha256', args['client-secret'] ?? 'secret').update(forged).digest('base64url')}`;
  }
  const unsigned = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  const key = tamper === 'signature' ? stranger : privateKey;
  const signature = crypto.sign('RSA-SHA256', Buffer.from(unsigned), key).toString('base64url');
  return `${unsigned}.${signature}`;
}

process.on('SIGTERM', () => server.close(() => process.exit(0)));
