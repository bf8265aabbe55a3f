import { NextResponse } from 'next/server';
import { SESSION_COOKIE } from '../../demo-user';

/* The fake login's server half: POST signs the demo user in (an httpOnly session cookie), DELETE signs out. The
   password check stays in the login page: this is a stand-in for Auth0's /api/auth/login and /api/auth/logout. */

export function POST(): NextResponse {
  const response = new NextResponse(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
  response.cookies.set(SESSION_COOKIE, '1', { httpOnly: true, sameSite: 'lax', path: '/' });
  return response;
}

export function DELETE(): NextResponse {
  const response = new NextResponse(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
  response.cookies.delete(SESSION_COOKIE);
  return response;
}
