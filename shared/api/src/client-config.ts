/** How the API knows who is calling: one local user, or Clerk session tokens. */
export enum AuthMode {
  None = 'none',
  Clerk = 'clerk',
}

/** GET /api/v1/config: what the dashboard needs before anyone has signed in. */
export interface ClientConfig {
  auth: {
    mode: AuthMode;
    /** Clerk's publishable key (pk_...) for the sign-in widget; null when sign-in is off or not configured. */
    publishableKey: string | null;
  };
}
