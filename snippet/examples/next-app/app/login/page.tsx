'use client';
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { trackLoginFailure, trackLoginSuccess } from '@paubox/tracking';
import { DEMO_CUSTOMER_ID, DEMO_SUB, useAuth } from '../demo-auth';

/** Fake login: password "wrong" fails with Auth0's invalid_grant; anything else signs in the demo user. */
export default function Login() {
  const { login } = useAuth();
  const router = useRouter();
  const [error, setError] = useState('');
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const password = new FormData(e.currentTarget).get('password');
    if (password === 'wrong') {
      trackLoginFailure('invalid_grant');
      setError('Wrong email or password.');
      return;
    }
    await login(); // the server's session first: it signs the identity assertion the success event is sent with
    trackLoginSuccess({ userSub: DEMO_SUB, customerId: DEMO_CUSTOMER_ID });
    router.push('/');
  };
  return (
    <main>
      <h1>Sign in</h1>
      <form onSubmit={submit} id="login-form">
        <p>
          <label>
            Email <input id="login-email" data-testid="login-email" name="email" type="email" autoComplete="off" />
          </label>
        </p>
        <p>
          <label>
            Password <input id="login-password" data-testid="login-password" name="password" type="password" />
          </label>
        </p>
        <button id="login-submit" data-testid="login-submit" type="submit">
          Sign in
        </button>
        <p id="login-error" data-testid="login-error" role="alert">
          {error}
        </p>
      </form>
    </main>
  );
}
