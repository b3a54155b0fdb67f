/**
 * What the bare address (a bookmark, a new tab: no `?token=…`) shows instead of a white page: `viper serve`
 * answers nothing without its per-run token, so say where the full address is printed.
 */
export function NoAccessPage() {
  return (
    <div className="app no-access" role="main">
      <h1>ViPER Workstation</h1>
      <p>This address has no access token, so the workstation cannot be shown here.</p>
      <p>
        Open the full address that <code>npx viper open</code> or <code>npx viper serve</code> printed in its terminal —
        it ends in <code>?token=…</code>. The token is new for every run of the server and is kept for this tab only,
        so a reload keeps working but a new tab or a bookmark needs the printed address again.
      </p>
    </div>
  );
}
