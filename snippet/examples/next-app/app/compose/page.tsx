'use client';
import { useState } from 'react';
import Link from 'next/link';

// A stand-in for paubox-next's Compose screen: the key action `send_email_btn` (the dashboard's default key
// actions are this and `nav_compose`). What is typed is never tracked: the snippet records the click's label only.
export default function Compose() {
  const [sent, setSent] = useState(0);
  return (
    <main>
      <h1 id="compose-title">Compose</h1>
      <p>
        <label>
          Subject <input id="compose-subject" data-testid="compose-subject" autoComplete="off" />
        </label>
      </p>
      <p>
        <button id="send-email" data-testid="send-email" data-pb-track="send_email_btn" onClick={() => setSent((n) => n + 1)}>
          Send
        </button>{' '}
        <span id="compose-status" data-testid="compose-status">{sent > 0 ? `sent (${sent})` : ''}</span>
      </p>
      <p>
        <Link href="/" id="compose-home" data-testid="compose-home" data-pb-track="compose_back_home">
          Back home
        </Link>
      </p>
    </main>
  );
}
