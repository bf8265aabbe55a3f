'use client';
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';

/* A stand-in for Auth0 (useAuth0) and the customer context (useCustomer): the demo user is kept in localStorage. */

export interface DemoUser {
  sub: string;
}
interface DemoAuth {
  user: DemoUser | null;
  customer: { id: number } | null;
  login(): void;
  logout(): void;
}

const KEY = 'demo_auth';
const DemoAuthContext = createContext<DemoAuth>({ user: null, customer: null, login() {}, logout() {} });

export function DemoAuthProvider({ children }: { children: ReactNode }) {
  const [signedIn, setSignedIn] = useState(false);
  useEffect(() => setSignedIn(localStorage.getItem(KEY) === '1'), []);
  const login = useCallback(() => {
    localStorage.setItem(KEY, '1');
    setSignedIn(true);
  }, []);
  const logout = useCallback(() => {
    localStorage.removeItem(KEY);
    setSignedIn(false);
  }, []);
  const value: DemoAuth = signedIn
    ? { user: { sub: DEMO_SUB }, customer: { id: DEMO_CUSTOMER_ID }, login, logout }
    : { user: null, customer: null, login, logout };
  return <DemoAuthContext.Provider value={value}>{children}</DemoAuthContext.Provider>;
}

export const DEMO_SUB = 'auth0|demo-user-1';
export const DEMO_CUSTOMER_ID = 42;

/** Like useAuth0(): { user } where user.sub is the Auth0 subject. */
export const useAuth = (): DemoAuth => useContext(DemoAuthContext);
/** Like useCustomer(): the signed-in user's Paubox customer. */
export const useCustomer = () => useContext(DemoAuthContext).customer;
