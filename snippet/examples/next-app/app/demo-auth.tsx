'use client';
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import { DEMO_CUSTOMER_ID, DEMO_SUB } from './demo-user';

/*
 * A stand-in for Auth0 (useAuth0) and the customer context (useCustomer). The session is an httpOnly cookie the
 * server sets (app/api/demo-session), so the server knows who is signed in (it signs their tracking identity
 * assertion, app/api/tracking-identity); the layout reads it and hands the first render the signed-in state.
 */

export interface DemoUser {
  sub: string;
}
interface DemoAuth {
  user: DemoUser | null;
  customer: { id: number } | null;
  login(): Promise<void>;
  logout(): Promise<void>;
}

const DemoAuthContext = createContext<DemoAuth>({ user: null, customer: null, login: async () => {}, logout: async () => {} });

export function DemoAuthProvider({ signedIn: initial, children }: { signedIn: boolean; children: ReactNode }) {
  const [signedIn, setSignedIn] = useState(initial);
  const login = useCallback(async () => {
    await fetch('/api/demo-session', { method: 'POST' });
    setSignedIn(true);
  }, []);
  const logout = useCallback(async () => {
    await fetch('/api/demo-session', { method: 'DELETE' });
    setSignedIn(false);
  }, []);
  const value: DemoAuth = signedIn
    ? { user: { sub: DEMO_SUB }, customer: { id: DEMO_CUSTOMER_ID }, login, logout }
    : { user: null, customer: null, login, logout };
  return <DemoAuthContext.Provider value={value}>{children}</DemoAuthContext.Provider>;
}

export { DEMO_CUSTOMER_ID, DEMO_SUB };

/** Like useAuth0(): { user } where user.sub is the Auth0 subject. */
export const useAuth = (): DemoAuth => useContext(DemoAuthContext);
/** Like useCustomer(): the signed-in user's Paubox customer. */
export const useCustomer = () => useContext(DemoAuthContext).customer;
