import type { AppProps } from 'next/app';
import { useRouter } from 'next/router';
import { PauboxAnalyticsProvider } from '@paubox/tracking/react';

/** Pages Router wiring: the provider follows router.events. The ingest URL comes from getServerSideProps (runtime env). */
export default function App({ Component, pageProps }: AppProps<{ ingestUrl?: string }>) {
  const router = useRouter();
  return (
    <PauboxAnalyticsProvider
      endpoint={pageProps.ingestUrl || 'http://localhost:8081/api/analytics/event'}
      surface="example"
      routerEvents={router.events}
      flushInterval={1000}
    >
      <Component {...pageProps} />
    </PauboxAnalyticsProvider>
  );
}
