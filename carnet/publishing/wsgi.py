"""The WSGI application `carnet serve` runs: the fast path in front of Django."""

from carnet.publishing.fastpath import FastPath
from carnet.publishing.scheduler import Watch
from carnet.wsgi import application as django_application

application = FastPath(django_application, on_request=Watch())
