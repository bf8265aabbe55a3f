'use client';
import { useState } from 'react';
import Link from 'next/link';
import { isOptedOut, optIn, optOut } from '@paubox/tracking';
import { useAuth } from './demo-auth';

export default function Home() {
  const { user, logout } = useAuth();
  const [count, setCount] = useState(0);
  const [status, setStatus] = useState('');
  return (
    <main>
      <h1>Paubox Tracking example</h1>
      <p id="whoami" data-testid="whoami">
        {user ? `Signed in as ${user.sub}` : 'Signed out'}{' '}
        {user && (
          <button id="logout" data-testid="logout" onClick={() => void logout()}>
            Sign out
          </button>
        )}
      </p>
      <p>
        <button id="hero-cta" data-testid="hero-cta" data-pb-track="hero_cta" onClick={() => setCount((c) => c + 1)}>
          Get started <span id="hero-cta-inner">(clicked {count})</span>
        </button>{' '}
        <button id="untracked" data-testid="untracked" onClick={() => setCount((c) => c + 1)}>
          Untracked button
        </button>
      </p>
      <p>
        <Link href="/reports" id="nav-reports" data-testid="nav-reports" data-pb-track="nav_reports">
          Open reports
        </Link>{' '}
        <Link href="/compose" id="nav-compose" data-testid="nav-compose" data-pb-track="nav_compose">
          Compose a message
        </Link>
      </p>
      <p>
        <button
          id="opt-out"
          data-testid="opt-out"
          onClick={() => {
            optOut();
            setStatus('opted out');
          }}
        >
          Opt out of analytics
        </button>{' '}
        <button
          id="opt-in"
          data-testid="opt-in"
          onClick={() => {
            optIn();
            setStatus('opted in (from the next page load)');
          }}
        >
          Opt back in
        </button>{' '}
        <span id="privacy-status" data-testid="privacy-status">{status || (typeof window === 'object' && isOptedOut() ? 'opted out' : '')}</span>
      </p>
    </main>
  );
}
