<?php
// A PHP 8.2 app on native sessions, for the real-backend check (issue 23), served by `php -S` with
// this file as its router. Debian sets session.gc_probability = 0, so PHP never expires a session
// by itself: the app checks its own timestamp and answers the first request after the end with
// 440, then (the session destroyed) 401, as such apps do. The CSRF token lives in the session and
// is renewed at sign-in. The server counts what it processed; /test/counts reports it to the test.
//
// Environment: RST_DIR (session files, counts), RST_CLIENT_DIR (client.js, client.css),
// RST_SESSION_AGE (seconds, default 60).

$age = (int) (getenv('RST_SESSION_AGE') ?: 60);
$dir = getenv('RST_DIR');
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$method = $_SERVER['REQUEST_METHOD'];
// The app's clock: /test/advance moves it on, so the test meets a session past its end that the
// page does not know of yet (the first request after the end learns it: 440).
$now = time() + (int) @file_get_contents("$dir/offset");

/** What the server processed, in a file: each request is its own PHP process state. */
function counted(callable $change = null): array
{
    global $dir;
    $file = fopen("$dir/counts.json", 'c+');
    flock($file, LOCK_EX);
    $counts = json_decode(stream_get_contents($file) ?: '{}', true) + [
        'loginOk' => 0, 'loginFailed' => 0, 'jsonSaves' => 0, 'formSaves' => 0, 'keepalives' => 0,
        'csrfFailures' => 0, 'expired440' => 0, 'refused401' => 0, 'saved' => [], 'expires' => [],
    ];
    if ($change !== null) {
        $change($counts);
        ftruncate($file, 0);
        rewind($file);
        fwrite($file, json_encode($counts));
    }
    flock($file, LOCK_UN);
    fclose($file);
    return $counts;
}

function json_answer($value, int $status = 200): void
{
    http_response_code($status);
    header('Content-Type: application/json');
    echo json_encode($value);
}

// --- for the test only (no cookie is sent to these) ----------------------------------------------
if ($path === '/test/counts') {
    $counts = counted();
    $counts['now'] = $now + fmod(microtime(true), 1);
    $counts['alive'] = array_values(array_filter($counts['expires'], fn ($at) => $at > $now));
    unset($counts['expires']);
    json_answer($counts);
    return;
}
if ($path === '/test/end-sessions' && $method === 'POST') {
    // Every session file removed, as a restart with a new store would.
    array_map('unlink', glob("$dir/sessions/sess_*"));
    counted(function (&$c) { $c['expires'] = []; });
    http_response_code(204);
    return;
}
if ($path === '/test/advance' && $method === 'POST') {
    file_put_contents("$dir/offset", (string) ((int) @file_get_contents("$dir/offset") + (int) $_GET['s']));
    counted(function (&$c) { $c['expires'] = []; });
    http_response_code(204);
    return;
}
if ($path === '/client.js' || $path === '/client.css') {
    header('Content-Type: ' . ($path === '/client.js' ? 'text/javascript' : 'text/css'));
    readfile(getenv('RST_CLIENT_DIR') . $path);
    return;
}
if ($path === '/favicon.ico') {
    http_response_code(204);
    return;
}

// --- the session ---------------------------------------------------------------------------------
ini_set('session.use_strict_mode', '1');
session_save_path("$dir/sessions");
session_set_cookie_params(['path' => '/', 'httponly' => true, 'samesite' => 'Lax']);
session_start();

$user = $_SESSION['user'] ?? null;
$ended = false;
if ($user !== null && $now - $_SESSION['last'] >= $age) {
    // Past its end: this request learns it (440), the next finds no session (401).
    $id = session_id();
    $_SESSION = [];
    session_destroy();
    session_start(); // a new, empty one (strict mode refuses the old id)
    counted(function (&$c) use ($id) { unset($c['expires'][$id]); });
    $user = null;
    $ended = true;
}
if ($user !== null) {
    $_SESSION['last'] = $now; // every authenticated request slides the session
    $id = session_id();
    counted(function (&$c) use ($id, $age, $now) { $c['expires'][$id] = $now + $age; });
    header("Session-Expires: $age");
}

/** The authenticated routes: 440 at the end, 401 without a session, 403 for a wrong CSRF token. */
function guarded(bool $ended, ?string $user, ?string $token): bool
{
    if ($user === null) {
        counted(function (&$c) use ($ended) { $c[$ended ? 'expired440' : 'refused401'] += 1; });
        json_answer(['error' => $ended ? 'session expired' : 'not signed in'], $ended ? 440 : 401);
        return false;
    }
    if ($token === null || !hash_equals($_SESSION['csrf'], $token)) {
        counted(function (&$c) { $c['csrfFailures'] += 1; });
        json_answer(['error' => 'CSRF token'], 403);
        return false;
    }
    return true;
}

switch ("$method $path") {
    case 'GET /':
        header('Content-Type: text/html; charset=utf-8');
        if ($user !== null) header("Server-Timing: session-expires;desc=\"$age\"");
        $who = htmlspecialchars(json_encode(['user' => $user]), ENT_NOQUOTES);
        $token = htmlspecialchars($_SESSION['csrf'] ?? '');
        echo "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Notes</title>"
            . "<meta name=\"csrf-token\" content=\"$token\">"
            . "<link rel=\"stylesheet\" href=\"/client.css\"></head><body><div id=\"root\"></div>"
            . "<script type=\"application/json\" id=\"who\">$who</script><script src=\"/client.js\"></script></body></html>";
        break;
    case 'POST /login':
        $body = json_decode(file_get_contents('php://input'), true) ?? [];
        if (($body['username'] ?? '') === 'ada' && ($body['password'] ?? '') === 'lovelace') {
            session_regenerate_id(true);
            $_SESSION = ['user' => 'ada', 'last' => $now, 'csrf' => bin2hex(random_bytes(16))];
            $id = session_id();
            counted(function (&$c) use ($id, $age, $now) { $c['loginOk'] += 1; $c['expires'][$id] = $now + $age; });
            header("Session-Expires: $age");
            json_answer(['user' => 'ada', 'csrf' => $_SESSION['csrf']]);
        } else {
            counted(function (&$c) { $c['loginFailed'] += 1; });
            json_answer(['error' => 'Wrong username or password.'], 401);
        }
        break;
    case 'POST /api/notes':
        if (!guarded($ended, $user, $_SERVER['HTTP_X_CSRF_TOKEN'] ?? null)) break;
        $text = json_decode(file_get_contents('php://input'), true)['text'] ?? null;
        counted(function (&$c) use ($text) { $c['jsonSaves'] += 1; $c['saved'][] = ['via' => 'json', 'text' => $text]; });
        json_answer(['saved' => true]);
        break;
    case 'POST /notes':
        if (!guarded($ended, $user, $_POST['csrf'] ?? null)) break;
        $text = $_POST['text'] ?? null;
        counted(function (&$c) use ($text) { $c['formSaves'] += 1; $c['saved'][] = ['via' => 'form', 'text' => $text]; });
        header('Location: /notes?saved=1', true, 303); // post/redirect/get
        break;
    case 'GET /notes':
        if ($user === null) json_answer(['error' => 'not signed in'], $ended ? 440 : 401);
        else json_answer(['saved' => ($_GET['saved'] ?? '') === '1']);
        break;
    case 'POST /api/session/keepalive':
        if (!guarded($ended, $user, $_SERVER['HTTP_X_CSRF_TOKEN'] ?? null)) break;
        counted(function (&$c) { $c['keepalives'] += 1; });
        http_response_code(204);
        break;
    default:
        http_response_code(404);
}
