<%@ WebHandler Language="C#" Class="KeepaliveHandler" %>
using System.Web;

// The keepalive: an authenticated request is what slides the ticket, so it only answers
// (Global.asax adds Session-Expires). POST only and CSRF-checked, so no cache, prefetch or other
// site renews the session.
public class KeepaliveHandler : IHttpHandler
{
    public bool IsReusable { get { return true; } }

    public void ProcessRequest(HttpContext context)
    {
        if (context.Request.HttpMethod != "POST") { context.Response.StatusCode = 405; return; }
        if (!Backend.CsrfValid(context)) { context.Response.StatusCode = 403; return; }
        Backend.Count("keepalive");
        context.Response.StatusCode = 204;
    }
}
