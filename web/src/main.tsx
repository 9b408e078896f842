import './styles.css';

import { render } from 'preact';

import { createApiClient } from './api/client.js';
import { Session } from './auth/session.js';
import { loadConfig } from './config.js';
import { UploadQueue } from './upload/queue.js';
import { App } from './ui/App.js';
import { Services } from './ui/context.js';

const root = document.getElementById('app');

async function start(): Promise<void> {
  if (!root) return;
  try {
    const config = await loadConfig();
    const session = new Session(config);
    const api = createApiClient(config.apiBase, session);
    const uploads = new UploadQueue({ api, config });
    render(
      <Services.Provider value={{ config, session, api, uploads }}>
        <App />
      </Services.Provider>,
      root,
    );
  } catch (error) {
    root.textContent = '';
    const message = document.createElement('p');
    message.className = 'error boot-error';
    message.setAttribute('role', 'alert');
    message.textContent = `The album cannot start: ${(error as Error).message}. Reload the page to try again.`;
    root.append(message);
  }
}

void start();
