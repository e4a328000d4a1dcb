import type { APIRoute } from 'astro';
import { robotsTxt } from '../server/build/robots.ts';

export const GET: APIRoute = ({ site, url }) =>
  new Response(robotsTxt(site ?? new URL(url.origin)), { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
