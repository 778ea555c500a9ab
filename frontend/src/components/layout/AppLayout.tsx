import { Outlet } from 'react-router-dom';
import { Sidebar } from './Sidebar';
import { Topbar } from './Topbar';

// `relative` on the frame and on what scrolls: absolutely placed descendants (screen-reader-only labels in tables
// and charts) are then placed, and clipped, inside them; without, they overflowed the document itself, which then
// scrolled the sidebar and top bar away into a blank page.
export function AppLayout() {
  return (
    <div className="relative flex h-screen overflow-hidden">
      <Sidebar />
      <div className="flex min-w-0 flex-1 flex-col">
        <Topbar />
        <main id="main" className="relative flex-1 overflow-y-auto">
          <div className="mx-auto max-w-7xl px-4 py-8 sm:px-6 lg:px-8">
            <Outlet />
          </div>
        </main>
      </div>
    </div>
  );
}
