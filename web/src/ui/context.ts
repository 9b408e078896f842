import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

import type { ApiClient } from '../api/client.js';
import type { Session } from '../auth/session.js';
import type { WebConfig } from '../config.js';
import type { UploadQueue } from '../upload/queue.js';

export interface AppServices {
  readonly config: WebConfig;
  readonly session: Session;
  readonly api: ApiClient;
  readonly uploads: UploadQueue;
}

export const Services = createContext<AppServices | undefined>(undefined);

export function useServices(): AppServices {
  const services = useContext(Services);
  if (!services) throw new Error('useServices outside <Services.Provider>');
  return services;
}
