"""A minimal Django 3.2 project in one file, for the real-backend check (issue 23).

Sessions in sqlite with a short SESSION_COOKIE_AGE and SESSION_SAVE_EVERY_REQUEST (sliding), the CSRF
middleware (the token in the `csrftoken` cookie, or with RST_CSRF_SESSIONS=1 in the session), the
stock LoginView, @login_required views (a JSON view, a post/redirect/get form view, the keepalive),
and a middleware that tells the client when the session ends (`Session-Expires`). The server counts
what it processed; /test/counts/ reports it to the test (never to the page).

    /usr/bin/python3 app.py setup            create the tables and the user ada / lovelace
    /usr/bin/python3 app.py runserver --noreload 127.0.0.1:PORT

Environment: RST_DIR (the temp folder: sqlite file), RST_CLIENT_DIR (the bundled client.js and client.css),
RST_SESSION_AGE (seconds, default 60), RST_CSRF_SESSIONS (1: CSRF_USE_SESSIONS = True).
"""
import json
import os
import sys
import threading

import django
from django.conf import settings

SESSION_AGE = int(os.environ.get('RST_SESSION_AGE', '60'))
CSRF_SESSIONS = os.environ.get('RST_CSRF_SESSIONS') == '1'

settings.configure(
    DEBUG=False,
    SECRET_KEY='rst-backend-check-only',
    ALLOWED_HOSTS=['127.0.0.1', 'localhost'],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[
        'django.contrib.auth',
        'django.contrib.contenttypes',
        'django.contrib.sessions',
    ],
    MIDDLEWARE=[
        'django.contrib.sessions.middleware.SessionMiddleware',
        'django.middleware.csrf.CsrfViewMiddleware',
        'django.contrib.auth.middleware.AuthenticationMiddleware',
        __name__ + '.SessionExpiresMiddleware',
    ],
    DATABASES={'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': os.path.join(os.environ['RST_DIR'], 'db.sqlite3')}},
    SESSION_COOKIE_AGE=SESSION_AGE,
    SESSION_SAVE_EVERY_REQUEST=True,  # every authenticated request slides the session
    CSRF_USE_SESSIONS=CSRF_SESSIONS,
    CSRF_FAILURE_VIEW=__name__ + '.csrf_failure',
    LOGIN_REDIRECT_URL='/api/whoami/',
    DEFAULT_AUTO_FIELD='django.db.models.AutoField',
    USE_TZ=True,
    TEMPLATES=[{
        'BACKEND': 'django.template.backends.django.DjangoTemplates',
        'OPTIONS': {
            'context_processors': ['django.template.context_processors.csrf'],
            'loaders': [('django.template.loaders.locmem.Loader', {
                'registration/login.html':
                    '<!doctype html><title>Sign in</title><form method="post">{% csrf_token %}'
                    '{{ form.as_p }}<input type="hidden" name="next" value="{{ next }}"><button>Sign in</button></form>',
            })],
        },
    }],
)
django.setup()

from django.contrib.auth import signals, views as auth_views  # noqa: E402
from django.contrib.auth.decorators import login_required  # noqa: E402
from django.contrib.auth.views import redirect_to_login  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse  # noqa: E402
from django.shortcuts import redirect  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.views.decorators.csrf import csrf_exempt, ensure_csrf_cookie  # noqa: E402
from django.views.decorators.http import require_POST  # noqa: E402

# --- what the server processed, for the test ------------------------------------------------------
lock = threading.Lock()
counts = {'loginOk': 0, 'loginFailed': 0, 'jsonSaves': 0, 'formSaves': 0, 'keepalives': 0,
          'csrfFailures': 0, 'csrfAnonymous': 0, 'keepaliveTimes': [], 'saved': []}


def count(name, value=None):
    with lock:
        if value is None:
            counts[name] += 1
        else:
            counts[name].append(value)


signals.user_logged_in.connect(lambda **kw: count('loginOk'), weak=False)
signals.user_login_failed.connect(lambda **kw: count('loginFailed'), weak=False)


class SessionExpiresMiddleware:
    """`Session-Expires`: the seconds left of the session, on every authenticated answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            # SESSION_SAVE_EVERY_REQUEST: this answer's save slides the expiry to now + the age.
            response['Session-Expires'] = str(request.session.get_expiry_age())
        return response


def csrf_failure(request, reason=''):
    # With CSRF_USE_SESSIONS the token lives in the session, so an expired session fails the CSRF
    # check before @login_required is reached: send that request to the login page as
    # @login_required would, so the client sees the session's end, not a CSRF error.
    if not request.user.is_authenticated:
        count('csrfAnonymous')
        return redirect_to_login(request.get_full_path())
    count('csrfFailures')
    return HttpResponseForbidden('CSRF verification failed: ' + reason)


# --- the page ---------------------------------------------------------------------------------------
PAGE = """<!doctype html>
<html lang="en" data-csrf="%(csrf)s">
<head><meta charset="utf-8"><title>Notes</title>
<meta name="csrf-token" content="%(token)s"><link rel="stylesheet" href="/client.css"></head>
<body><div id="root"></div><script type="application/json" id="who">%(who)s</script>
<script src="/client.js"></script></body></html>"""


@ensure_csrf_cookie
def page(request):
    from django.middleware.csrf import get_token
    user = request.user.username if request.user.is_authenticated else None
    response = HttpResponse(PAGE % {
        'csrf': 'session' if CSRF_SESSIONS else 'cookie',
        'token': get_token(request),
        'who': json.dumps({'user': user}),
    })
    if user is not None:
        # The page's own expiry, read by the library before any request.
        response['Server-Timing'] = 'session-expires;desc="%d"' % request.session.get_expiry_age()
    return response


def bundled(name, content_type):
    def view(request):
        with open(os.path.join(os.environ['RST_CLIENT_DIR'], name), 'rb') as f:
            return HttpResponse(f.read(), content_type=content_type)
    return view


def whoami(request):
    """Where a successful sign-in lands (LOGIN_REDIRECT_URL): who is signed in, and the new CSRF token."""
    from django.middleware.csrf import get_token
    user = request.user.username if request.user.is_authenticated else None
    return JsonResponse({'user': user, 'csrf': get_token(request)})


@login_required
@require_POST
def save_json(request):
    body = json.loads(request.body)
    count('jsonSaves')
    count('saved', {'via': 'json', 'text': body.get('text')})
    return JsonResponse({'saved': True})


@login_required
def save_form(request):
    """A normal form view: a successful POST is answered with a redirect (post/redirect/get)."""
    if request.method == 'POST':
        count('formSaves')
        count('saved', {'via': 'form', 'text': request.POST.get('text')})
        return redirect('/notes/?saved=1')
    return JsonResponse({'saved': request.GET.get('saved') == '1'})


@login_required
@require_POST
def keepalive(request):
    """Answers only: the authenticated request itself (SESSION_SAVE_EVERY_REQUEST) slides the session."""
    count('keepalives')
    count('keepaliveTimes', timezone.now().timestamp())
    return HttpResponse(status=204)


# --- for the test only (no cookie is sent to these) ------------------------------------------------
def test_counts(request):
    now = timezone.now()
    alive = [s.expire_date.timestamp() for s in Session.objects.filter(expire_date__gt=now)
             if s.get_decoded().get('_auth_user_id')]
    with lock:
        return JsonResponse(dict(counts, now=now.timestamp(), alive=alive))


@csrf_exempt
def test_end_sessions(request):
    """Ends every session on the server, as a sign-out elsewhere or a restart with a new store would."""
    Session.objects.all().delete()
    return HttpResponse(status=204)


urlpatterns = [
    path('', page),
    path('client.js', bundled('client.js', 'text/javascript')),
    path('client.css', bundled('client.css', 'text/css')),
    path('favicon.ico', lambda request: HttpResponse(status=204)),
    path('accounts/login/', auth_views.LoginView.as_view()),
    path('api/whoami/', whoami),
    path('api/notes/', save_json),
    path('notes/', save_form),
    path('api/session/keepalive/', keepalive),
    path('test/counts/', test_counts),
    path('test/end-sessions/', test_end_sessions),
]

if __name__ == '__main__':
    from django.core.management import call_command, execute_from_command_line
    if sys.argv[1:] == ['setup']:
        call_command('migrate', verbosity=0)
        from django.contrib.auth.models import User
        User.objects.create_user('ada', password='lovelace')
    else:
        execute_from_command_line(sys.argv)
