/** The app shell: the navigation and the screen the address names. */
import { AnalysisScreen } from './analysis/AnalysisScreen';
import { ClipReviewScreen } from './review/ClipReviewScreen';
import { JobsScreen } from './jobs/JobsScreen';
import { LibraryScreen } from './library/LibraryScreen';
import { ModelsScreen } from './models/ModelsScreen';
import { NotFoundPage } from './app/NotFoundPage';
import { ShortcutsDialog } from './app/ShortcutsDialog';
import { useHashRoute } from './app/use-hash-route';

export function App() {
  const route = useHashRoute();
  return (
    <div className="app">
      <header className="app-header">
        <h1>ViPER Workstation</h1>
        <nav>
          <a href="#/" aria-current={route.screen === 'library' || route.screen === 'clip' ? 'page' : undefined}>
            Library
          </a>
          <a href="#/analysis" aria-current={route.screen === 'analysis' ? 'page' : undefined}>
            Analysis
          </a>
          <a href="#/jobs" aria-current={route.screen === 'jobs' ? 'page' : undefined}>
            Jobs
          </a>
          <a href="#/models" aria-current={route.screen === 'models' ? 'page' : undefined}>
            Models
          </a>
        </nav>
      </header>
      <main className="app-main">
        {route.screen === 'library' ? <LibraryScreen /> : null}
        {route.screen === 'clip' ? <ClipReviewScreen key={route.clipId} clipId={route.clipId} /> : null}
        {route.screen === 'analysis' ? <AnalysisScreen /> : null}
        {route.screen === 'jobs' ? <JobsScreen /> : null}
        {route.screen === 'models' ? <ModelsScreen /> : null}
        {route.screen === 'not-found' ? <NotFoundPage what={`The address ${route.hash} names no screen of the workstation.`} /> : null}
      </main>
      <ShortcutsDialog />
    </div>
  );
}
