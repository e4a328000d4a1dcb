/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** Shared per process; src/server/http/server.ts hands it in, src/middleware.ts makes it in dev. */
    services: import('./server/app/services.ts').Services;
    user: import('./server/accounts/user.ts').User | null;
    session: import('./server/accounts/session.ts').Session | null;
    /** From the socket, or from X-Forwarded-For only when the socket is a TRUSTED_PROXY. */
    clientIp: string | null;
  }
}
