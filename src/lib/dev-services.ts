import { readServerConfig } from '../server/app/config.ts';
import { createServices, type Services } from '../server/app/services.ts';

let services: Promise<Services> | null = null;

/** `astro dev` has no src/server/http server to hand services in, so the first request makes them. */
export function devServices(): Promise<Services> {
  services ??= createServices(readServerConfig(process.env));
  return services;
}
