import Link from 'next/link';

export default function Reports() {
  return (
    <main>
      <h1 id="reports-title">Reports</h1>
      <p>
        <Link href="/" id="back-home" data-testid="back-home" data-pb-track="reports_back_home">
          Back home
        </Link>
      </p>
    </main>
  );
}
