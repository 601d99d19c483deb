import { BrowserContext, Route } from 'playwright-core';

/**
 * A stand-in for a Clerk instance's Frontend API, served inside the browser through Playwright's request
 * routing: the real Clerk service cannot be reached from the test machine. It answers what clerk-js asks
 * at start-up (development instance handshake, environment, client), hands out the session token the test
 * gives it, and ends the session on sign-out. It lives in the tests only: the dashboard runs the real
 * clerk-js against it, unchanged.
 */
export class StandInClerk {
  signedIn = true;
  /** Requests this stand-in had no answer for, so a test can show what clerk-js wanted. */
  readonly unanswered: string[] = [];
  /** Session tokens handed out, in order. */
  readonly issued: string[] = [];

  constructor(
    private readonly frontendApi: string,
    private readonly appOrigin: string,
    private readonly token: () => string,
  ) {}

  install(context: BrowserContext): Promise<void> {
    return context.route(`${this.frontendApi}/**`, (route) => this.answer(route));
  }

  private async answer(route: Route): Promise<void> {
    const request = route.request();
    const { pathname, searchParams } = new URL(request.url());
    // clerk-js sends PATCH and DELETE as POST with the method in the query.
    const method = searchParams.get('_method') ?? request.method();
    if (method === 'OPTIONS') return route.fulfill({ status: 204, headers: this.cors() });
    // Clerk's prebuilt components (the sign-in form) come from its CDN, out of reach as on the test machine.
    if (pathname.startsWith('/npm/')) return route.abort('internetdisconnected');
    if (pathname === '/v1/dev_browser') return this.json(route, { id: 'dvb_standin', object: 'dev_browser' });
    if (pathname === '/v1/environment') return this.json(route, ENVIRONMENT);
    if (pathname === '/v1/client' && method === 'GET') return this.json(route, { response: this.client(), client: null });
    if (/^\/v1\/client\/sessions\/sess_1\/tokens/.test(pathname)) return this.json(route, { object: 'token', jwt: this.issue() });
    if (pathname === '/v1/client/sessions/sess_1/touch') return this.json(route, { response: this.session(), client: this.client() });
    if (pathname === '/v1/client/sessions' && method === 'DELETE') {
      this.signedIn = false;
      return this.json(route, { response: this.client(), client: this.client() });
    }
    this.unanswered.push(`${method} ${pathname}`);
    return route.fulfill({ status: 404, headers: this.cors(), contentType: 'application/json', body: JSON.stringify({ errors: [{ code: 'resource_not_found', message: 'not in the stand-in' }] }) });
  }

  private json(route: Route, body: unknown): Promise<void> {
    return route.fulfill({ status: 200, headers: this.cors(), contentType: 'application/json', body: JSON.stringify(body) });
  }

  private cors(): Record<string, string> {
    return {
      'access-control-allow-origin': this.appOrigin,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET, POST, PATCH, DELETE',
      'access-control-allow-headers': 'content-type, authorization, x-clerk-db-jwt',
    };
  }

  private issue(): string {
    const jwt = this.token();
    this.issued.push(jwt);
    return jwt;
  }

  private client(): Record<string, unknown> {
    const sessions = this.signedIn ? [this.session()] : [];
    return { object: 'client', id: 'client_1', sessions, sign_in: null, sign_up: null, last_active_session_id: this.signedIn ? 'sess_1' : null, created_at: NOW, updated_at: NOW };
  }

  private session(): Record<string, unknown> {
    return {
      object: 'session',
      id: 'sess_1',
      status: 'active',
      expire_at: NOW + 86_400_000,
      abandon_at: NOW + 86_400_000,
      last_active_at: NOW,
      last_active_organization_id: null,
      actor: null,
      tasks: null,
      factor_verification_age: [0, -1],
      user: USER,
      public_user_data: { first_name: USER.first_name, last_name: USER.last_name, image_url: '', has_image: false, identifier: EMAIL },
      last_active_token: { object: 'token', jwt: this.issue() },
      created_at: NOW,
      updated_at: NOW,
    };
  }
}

const NOW = Date.now();
const EMAIL = 'alice@example.com';
export const STAND_IN_USER_NAME = 'Alice Example';

const USER = {
  object: 'user',
  id: 'user_alice',
  first_name: 'Alice',
  last_name: 'Example',
  username: null,
  image_url: '',
  has_image: false,
  primary_email_address_id: 'idn_1',
  primary_phone_number_id: null,
  primary_web3_wallet_id: null,
  email_addresses: [{ object: 'email_address', id: 'idn_1', email_address: EMAIL, verification: { status: 'verified', strategy: 'email_code' }, linked_to: [] }],
  phone_numbers: [],
  web3_wallets: [],
  external_accounts: [],
  enterprise_accounts: [],
  saml_accounts: [],
  passkeys: [],
  organization_memberships: [],
  public_metadata: {},
  unsafe_metadata: {},
  password_enabled: true,
  two_factor_enabled: false,
  totp_enabled: false,
  backup_code_enabled: false,
  create_organization_enabled: false,
  delete_self_enabled: false,
  last_sign_in_at: NOW,
  created_at: NOW,
  updated_at: NOW,
};

const disabled = { enabled: false, required: false, used_for_first_factor: false, first_factors: [], used_for_second_factor: false, second_factors: [], verifications: [], verify_at_sign_up: false };

/** The smallest environment clerk-js accepts: a development instance with email sign-in and nothing else. */
const ENVIRONMENT = {
  object: 'environment',
  id: 'env_1',
  auth_config: { object: 'auth_config', id: 'aac_1', single_session_mode: true },
  display_config: {
    object: 'display_config',
    id: 'display_config_1',
    instance_environment_type: 'development',
    application_name: 'RoboKit (stand-in)',
    preferred_sign_in_strategy: 'password',
    sign_in_url: 'https://accounts.robokit.test/sign-in',
    sign_up_url: 'https://accounts.robokit.test/sign-up',
    home_url: 'https://accounts.robokit.test',
    after_sign_in_url: 'https://accounts.robokit.test',
    after_sign_up_url: 'https://accounts.robokit.test',
    after_sign_out_one_url: 'https://accounts.robokit.test/sign-in',
    after_sign_out_all_url: 'https://accounts.robokit.test/sign-in',
    after_switch_session_url: 'https://accounts.robokit.test',
    user_profile_url: 'https://accounts.robokit.test/user',
    branded: false,
    theme: { general: {}, buttons: {}, accounts: {} },
  },
  organization_settings: { enabled: false, max_allowed_memberships: 0, force_organization_selection: false, domains: { enabled: false, enrollment_modes: [] }, slug: { disabled: true } },
  user_settings: {
    attributes: {
      ...Object.fromEntries(['phone_number', 'username', 'web3_wallet', 'first_name', 'last_name', 'authenticator_app', 'backup_code', 'passkey'].map((name) => [name, disabled])),
      email_address: { ...disabled, enabled: true, required: true, used_for_first_factor: true, first_factors: ['email_code'], verifications: ['email_code'] },
      password: { ...disabled, enabled: true },
    },
    actions: { delete_self: false, create_organization: false },
    social: {},
    saml: { enabled: false },
    enterprise_sso: { enabled: false },
    sign_in: { second_factor: { required: false } },
    sign_up: { custom_action_required: false, progressive: true, captcha_enabled: false, disable_hibp: true, mode: 'public' },
    restrictions: { allowlist: { enabled: false }, blocklist: { enabled: false } },
    password_settings: { min_length: 8, max_length: 0, disable_hibp: true, show_zxcvbn: false, min_zxcvbn_strength: 0 },
    passkey_settings: { allow_autofill: false, show_sign_in_button: false },
  },
  commerce_settings: { object: 'commerce_settings', id: 'commerce_settings_1', billing: { user: { enabled: false, has_paid_plans: false }, organization: { enabled: false, has_paid_plans: false }, stripe_publishable_key: '' } },
  maintenance_mode: false,
};
