/** What an address that names nothing shows: what was asked for, and the way back. */
export function NotFoundPage({ what }: { what: string }) {
  return (
    <section className="not-found" role="alert">
      <h2>Not found</h2>
      <p>{what}</p>
      <p>
        <a href="#/">Back to the Library</a>
      </p>
    </section>
  );
}
