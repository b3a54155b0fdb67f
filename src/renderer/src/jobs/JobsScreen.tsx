/**
 * Jobs: the recent imports, analyses and training runs (store.status) and the per-file errors they recorded.
 * A job whose process is gone reads "interrupted"; it and a cancelled job show the command that continues
 * it, and a button that runs the same call from here.
 */
import { useEffect, useState } from 'react';
import type { ApiOutput } from '../../../shared/api';
import type { ViperError } from '../../../shared/errors';
import { ErrorNotice } from '../ErrorNotice';
import { ProgressBar } from '../app/ProgressBar';
import { ScreenTitle } from '../app/ScreenTitle';
import { useApi } from '../app/use-api';
import { useProgress } from '../app/use-progress';
import { jobEtaText, jobStateText } from '../../../shared/job-state-text';
import { invoke, toViperError } from '../api';
import { localTime } from '../app/local-time';
import { resumeJob } from './resume-job';

type Job = ApiOutput<'store.status'>['jobs'][number];

export function JobsScreen() {
  const [status, reload] = useApi('store.status', { recentErrors: 100 });
  const [resuming, setResuming] = useState<Job | null>(null);
  const [resumeError, setResumeError] = useState<ViperError | null>(null);
  const [progress, clearProgress] = useProgress();
  const running = status.phase === 'ready' && status.value.jobs.some((job) => job.state === 'running');
  // While a job runs (here, from the CLI, or a queue's workers filling it), its count and time left stay current.
  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(reload, 2000);
    return () => clearInterval(timer);
  }, [running, reload]);

  async function cancel(job: Job): Promise<void> {
    setResumeError(null);
    try {
      await invoke('jobs.cancel', { job: job.id });
    } catch (reason) {
      setResumeError(toViperError(reason));
    } finally {
      reload();
    }
  }

  async function resume(job: Job): Promise<void> {
    if (!job.resume) return;
    setResuming(job);
    setResumeError(null);
    try {
      await resumeJob(job.resume);
    } catch (reason) {
      setResumeError(toViperError(reason));
    } finally {
      clearProgress(job.resume.call);
      setResuming(null);
      reload();
    }
  }

  return (
    <section className="jobs">
      <ScreenTitle title="Jobs" onReload={reload} />
      {status.phase === 'failed' ? <ErrorNotice error={status.error} onRetry={reload} /> : null}
      {resuming?.resume ? <ProgressBar label={`Resuming job ${resuming.id} (${resuming.kind})`} event={progress[resuming.resume.call]} /> : null}
      {resumeError ? <ErrorNotice error={resumeError} /> : null}
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
                <th>Action</th>
              </tr>
            </thead>
            <tbody>
              {status.value.jobs.map((job) => (
                <tr key={job.id}>
                  <td className="num">{job.id}</td>
                  <td>{job.kind}</td>
                  <td className={`job-state ${job.state}`} title={job.state === 'interrupted' ? 'The process running this job is gone (killed, crashed or closed).' : undefined}>
                    {jobStateText(job)}
                  </td>
                  <td className="num">
                    {job.done}/{job.total}
                    {jobEtaText(job, Date.now()) ? <span className="muted"> · {jobEtaText(job, Date.now())}</span> : null}
                  </td>
                  <td title={job.startedAt}>{localTime(job.startedAt)}</td>
                  <td title={job.finishedAt ?? undefined}>{localTime(job.finishedAt)}</td>
                  <td>
                    {job.state === 'running' ? (
                      <button type="button" disabled={job.cancelRequested} onClick={() => void cancel(job)} aria-label={`cancel job ${job.id}`}>
                        {job.cancelRequested ? 'Cancelling…' : 'Cancel'}
                      </button>
                    ) : null}
                    {job.resume ? (
                      <>
                        <code>{job.resume.command}</code>{' '}
                        <button type="button" disabled={resuming !== null} onClick={() => void resume(job)}>
                          Resume
                        </button>
                      </>
                    ) : null}
                  </td>
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
                <code>{error.code}</code> job {error.jobId}, {localTime(error.at)}: {error.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
