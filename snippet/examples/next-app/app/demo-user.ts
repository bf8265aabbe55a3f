/* The one demo user the fake login signs in (a stand-in for an Auth0 user and the Paubox customer). Shared by the
   client (demo-auth.tsx) and the server (demo-session.ts), so it lives in a module of neither kind. */
export const DEMO_SUB = 'auth0|demo-user-1';
export const DEMO_CUSTOMER_ID = 42;
/** The demo's session cookie (httpOnly: the page's scripts cannot read or forge who is signed in on the server). */
export const SESSION_COOKIE = 'demo_session';
