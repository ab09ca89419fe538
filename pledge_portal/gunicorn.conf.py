"""gunicorn's settings for a council's web server (`make serve`, Procfile.production).

`gunicorn --config pledge_portal/gunicorn.conf.py pledge_portal.wsgi`. Everything that differs between servers comes
from the environment, like the portal's own settings:
  PORT             the port to listen on (8000); honcho sets it from its own PORT for the Procfile's web line
  HOST             the address to listen on: 127.0.0.1, so only the council's reverse proxy (TLS) on the same
                   machine reaches it; 0.0.0.0 when the proxy is elsewhere (a container, a load balancer)
  WEB_CONCURRENCY  worker processes (2 x CPU cores + 1): each serves one request at a time
"""
import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{int(os.environ.get('PORT', '8000'))}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Sync workers: the portal's pages are short database reads and writes; nothing waits on a slow client for long
# behind a reverse proxy that buffers requests and answers.
worker_class = "sync"
# A request taking longer than this is killed (and logged) rather than holding a worker for ever. Long work (a
# council's ledger, imports, downloads) runs in Celery, never in a request.
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Each worker is replaced after about a thousand requests, so a slow leak never grows unbounded.
max_requests = 1000
max_requests_jitter = 100
# The heartbeat file in memory, not on a disk that may stall (gunicorn's advice for containers).
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
# No access log of gunicorn's own: the portal's logging writes one JSON line per request (with the request id,
# user and role, never a child's name) to stdout. gunicorn's errors (a worker killed, a timeout) go to stderr.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# The reverse proxy on this machine may say the request came over HTTPS (X-Forwarded-Proto); Django trusts it
# through SECURE_PROXY_SSL_HEADER.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "pledge-portal"
# No control socket (gunicornc): its one default path per user would be fought over by two gunicorns on one machine
# (a deploy's old and new, the CI test beside a load test). Stop with SIGTERM; SIGHUP reloads the workers.
control_socket_disable = True
