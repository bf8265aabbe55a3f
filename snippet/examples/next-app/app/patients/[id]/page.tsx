export default async function Patient({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <main>
      <h1 id="patient-title">Patient {id}</h1>
      <button id="open-chart" data-testid="open-chart" data-pb-track="patient_open_chart">
        Open chart
      </button>
    </main>
  );
}
