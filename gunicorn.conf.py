"""Gunicorn settings for production: ``gunicorn -c gunicorn.conf.py danvan.wsgi``.

Threaded workers (gthread) so that one slow page holds one thread, not a whole worker: a
``/healthz`` probe, answered by the first middleware with a single query, takes a free thread
instead of waiting behind dashboards. Every value can be set from the environment."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
# One process per core (+1): the work is mostly waiting for the database, which threads cover.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
# Enough threads that the load expected per process leaves some free for probes and short pages.
threads = int(os.environ.get("GUNICORN_THREADS", 16))
# A connection waiting in the kernel queue is still served; more than this is refused at once.
backlog = int(os.environ.get("GUNICORN_BACKLOG", 2048))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# Recycle processes now and then so a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 5000))
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None  # empty: no access log
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
