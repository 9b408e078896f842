import { useLayoutEffect, useRef } from 'preact/hooks';
import { LocationProvider, Route, Router, useLocation } from 'preact-iso/router';

import { useStore } from '../store.js';
import { AlbumPage } from './AlbumPage.js';
import { AlbumsPage } from './AlbumsPage.js';
import { useServices } from './context.js';
import { LabelPage, LabelsPage } from './LabelsPage.js';
import { SharedPage } from './SharedPage.js';
import { Logo, SessionExpiredDialog, SignInPage } from './SignIn.js';
import { TimelinePage } from './TimelinePage.js';
import { UploadPanel } from './UploadPanel.js';

export function App() {
  const { session } = useServices();
  const state = useStore(session.state);
  // A share link is for anyone, signed in or not, and shows nothing of the app around it: whoever
  // is signed in on this browser is none of the link's business, nor its viewers'.
  if (location.pathname.replace(/\/+$/, '') === '/shared') return <SharedPage />;
  if (state.status === 'signed-out') return <SignInPage />;
  return (
    <LocationProvider>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <Header username={state.username} />
      <main id="main" tabIndex={-1}>
        <Router>
          <Route path="/" component={AlbumsPage} />
          <Route path="/albums/:albumId" component={AlbumPage} />
          <Route path="/timeline" component={TimelinePage} />
          <Route path="/labels" component={LabelsPage} />
          <Route path="/labels/:label" component={LabelPage} />
          <Route default component={NotFound} />
        </Router>
      </main>
      <UploadPanel />
      {state.status === 'expired' && <SessionExpiredDialog username={state.username} />}
    </LocationProvider>
  );
}

function Header(props: { username: string }) {
  const { session, uploads } = useServices();
  const { path } = useLocation();
  const header = useRef<HTMLElement>(null);
  // Bars that stick under the header (the selection bar) need its height, which wraps on a phone.
  useLayoutEffect(() => {
    const element = header.current;
    if (!element) return;
    const observer = new ResizeObserver(() => document.documentElement.style.setProperty('--app-header-height', `${element.offsetHeight}px`));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const current = (prefix: string) => (prefix === '/' ? path === '/' || path.startsWith('/albums') : path.startsWith(prefix)) ? 'page' : undefined;
  return (
    <header ref={header} class="app-header">
      <a class="brand" href="/">
        <Logo />
        <span>Photo album</span>
      </a>
      <nav aria-label="Main">
        <a href="/" aria-current={current('/')}>
          Albums
        </a>
        <a href="/timeline" aria-current={current('/timeline')}>
          Timeline
        </a>
        <a href="/labels" aria-current={current('/labels')}>
          Labels
        </a>
      </nav>
      <span class="who" title={props.username}>
        {props.username}
      </span>
      <button
        type="button"
        class="secondary small"
        onClick={() => {
          if (uploads.active && !window.confirm('Uploads are still running. Sign out and cancel them?')) return;
          uploads.cancelAll();
          void session.signOut();
        }}
      >
        Sign out
      </button>
    </header>
  );
}

function NotFound() {
  return (
    <section class="page">
      <h1>Page not found</h1>
      <p>
        <a href="/">Go to your albums</a>
      </p>
    </section>
  );
}
