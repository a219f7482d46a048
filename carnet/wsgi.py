"""The WSGI application that `carnet serve` and other servers run."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carnet.settings")
application = get_wsgi_application()
