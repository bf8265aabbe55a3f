import type { GetServerSideProps } from 'next';
import Link from 'next/link';
import { useRouter } from 'next/router';

export const getServerSideProps: GetServerSideProps<{ ingestUrl: string }> = async () => ({
  props: { ingestUrl: process.env.PAUBOX_INGEST_URL || 'http://localhost:8081/api/analytics/event' },
});

export default function Legacy() {
  const { query } = useRouter();
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', margin: '2rem' }}>
      <h1 id="legacy-title">Legacy page (Pages Router)</h1>
      <p>Tab: {String(query.tab ?? '1')}</p>
      <button id="legacy-action" data-testid="legacy-action" data-pb-track="legacy_action">
        Tracked legacy action
      </button>{' '}
      <Link href="/legacy?tab=2" shallow id="legacy-tab" data-testid="legacy-tab">
        Tab 2 (same page)
      </Link>{' '}
      <a href="/" id="legacy-home" data-testid="legacy-home">
        Home (App Router)
      </a>
    </main>
  );
}
