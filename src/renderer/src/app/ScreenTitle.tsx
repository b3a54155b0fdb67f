/** The heading every screen starts with, and its Reload button. */
export function ScreenTitle({ title, onReload }: { title: string; onReload: () => void }) {
  return (
    <div className="screen-title">
      <h2>{title}</h2>
      <button type="button" onClick={onReload}>
        Reload
      </button>
    </div>
  );
}
