<%@ Page Language="C#" %>
<!doctype html>
<html lang="en"><head><title>Sign in</title></head>
<body><main><h1>Sign in</h1><p>The forms login page (loginUrl).</p></main></body></html>
