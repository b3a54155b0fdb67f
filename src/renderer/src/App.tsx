/** The app shell. The Library is its only screen so far. */
import { LibraryScreen } from './library/LibraryScreen';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>ViPER Workstation</h1>
      </header>
      <main className="app-main">
        <LibraryScreen />
      </main>
    </div>
  );
}
