/** Models: the default pack (models.list): each model's stage, state, source and licence. */
import { ErrorNotice } from '../ErrorNotice';
import { useApi } from '../app/use-api';
import { ScreenTitle } from '../app/ScreenTitle';

export function ModelsScreen() {
  const [list, reload] = useApi('models.list', {});
  return (
    <section className="models">
      <ScreenTitle title="Models" onReload={reload} />
      {list.phase === 'failed' ? <ErrorNotice error={list.error} onRetry={reload} /> : null}
      {list.phase === 'ready' ? (
        <>
          <p className="muted">
            Folder <code>{list.value.modelsDir}</code>. Build or repair with <code>npx viper models build</code>.
          </p>
          <table className="plain">
            <thead>
              <tr>
                <th>Model</th>
                <th>Stage</th>
                <th>State</th>
                <th>Description</th>
                <th>Source</th>
                <th>Licence (upstream)</th>
              </tr>
            </thead>
            <tbody>
              {list.value.models.map((model) => (
                <tr key={model.id}>
                  <td>{model.id}</td>
                  <td>{model.stage}</td>
                  <td title={model.detail ?? undefined}>{model.status}</td>
                  <td>{model.description}</td>
                  <td>{model.source}</td>
                  <td>{model.licence.upstream}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
