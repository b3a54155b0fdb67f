/** Jobs: the recent imports, analyses and runs (store.status) and the per-file errors they recorded. */
import { ErrorNotice } from '../ErrorNotice';
import { useApi } from '../app/use-api';
import { ScreenTitle } from '../app/ScreenTitle';

export function JobsScreen() {
  const [status, reload] = useApi('store.status', { recentErrors: 100 }, []);
  return (
    <section className="jobs">
      <ScreenTitle title="Jobs" onReload={reload} />
      {status.phase === 'failed' ? <ErrorNotice error={status.error} onRetry={reload} /> : null}
      {status.phase === 'ready' ? (
        <>
          <table className="plain">
            <thead>
              <tr>
                <th>Job</th>
                <th>Kind</th>
                <th>State</th>
                <th>Done</th>
                <th>Started</th>
                <th>Finished</th>
              </tr>
            </thead>
            <tbody>
              {status.value.jobs.map((job) => (
                <tr key={job.id}>
                  <td className="num">{job.id}</td>
                  <td>{job.kind}</td>
                  <td>{job.state}</td>
                  <td className="num">
                    {job.done}/{job.total}
                  </td>
                  <td>{job.startedAt}</td>
                  <td>{job.finishedAt ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {status.value.jobs.length === 0 ? <p className="muted">No jobs yet.</p> : null}
          <h3>Recent errors</h3>
          {status.value.recentErrors.length === 0 ? <p className="muted">None.</p> : null}
          <ul className="errors">
            {status.value.recentErrors.map((error, i) => (
              <li key={i}>
                <code>{error.code}</code> job {error.jobId}, {error.at}: {error.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
