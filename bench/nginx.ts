/** nginx serving a folder of static files: the ceiling a story read is held against. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { start, waitForHttp, type Started } from './lib.ts';
import type { Report } from './report.ts';

/** Starts nginx on 127.0.0.1:`port` with its configuration, pid and logs in `workDir`. */
export async function startNginx(root: string, port: number, workDir: string, report: Report): Promise<Started> {
  const conf = join(workDir, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes auto;
pid ${workDir}/nginx.pid;
error_log ${workDir}/error.log warn;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  open_file_cache max=1000 inactive=60s;
  client_body_temp_path ${workDir}/body;
  proxy_temp_path ${workDir}/proxy;
  fastcgi_temp_path ${workDir}/fastcgi;
  uwsgi_temp_path ${workDir}/uwsgi;
  scgi_temp_path ${workDir}/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    index index.html;
    location / { try_files $uri $uri/ =404; }
  }
}
`,
  );
  report.recordCommand(
    `nginx (the ceiling): nginx -c ${conf} -g 'daemon off;'   # ${readFileSync(conf, 'utf8').split('\n').length} lines, worker_processes auto, sendfile, access_log off`,
  );
  const nginx = await start('nginx', ['-c', conf, '-p', workDir, '-g', 'daemon off;'], {});
  await waitForHttp(`http://127.0.0.1:${port}/`, 10_000);
  return nginx;
}
