<%@ Application Language="C#" %>
<%@ Import Namespace="System.Web.Security" %>
<script runat="server">
    // The server's half of the wire protocol: Session-Expires on every answer that carries a live
    // ticket, and the way this configuration tells an API request that the session is over.

    protected void Application_BeginRequest(object sender, EventArgs e)
    {
        if (Backend.IsApi(Request)) Backend.Count("arrived " + Request.HttpMethod + " " + Request.Path.ToLowerInvariant());
        // (3) A 401 instead of the login redirect, for API requests.
        if (Backend.EndSignal == "401" && Backend.IsApi(Request)) Response.SuppressFormsAuthenticationRedirect = true;
    }

    protected void Application_PostAuthenticateRequest(object sender, EventArgs e)
    {
        var identity = Context.User == null ? null : Context.User.Identity as FormsIdentity;
        if (identity != null && identity.Ticket.IssueDate < Backend.RevokedBefore)
        {
            FormsAuthentication.SignOut(); // also drops a ticket the module has just renewed
            Context.User = new System.Security.Principal.GenericPrincipal(new System.Security.Principal.GenericIdentity(""), new string[0]);
        }
    }

    protected void Application_EndRequest(object sender, EventArgs e)
    {
        bool toLogin = Response.StatusCode == 302 && Response.RedirectLocation != null
            && Response.RedirectLocation.IndexOf("/Login.aspx", StringComparison.OrdinalIgnoreCase) >= 0;
        // (2) As Outlook Web Access does: an API request gets 440 Login Timeout, not the redirect.
        if (Backend.EndSignal == "440" && Backend.IsApi(Request) && (toLogin || Response.StatusCode == 401))
        {
            Response.ClearContent();
            Response.RedirectLocation = null;
            Response.StatusCode = 440;
            Response.StatusDescription = "Login Timeout";
        }
        if (Backend.IsApi(Request) && (toLogin || Response.StatusCode == 401 || Response.StatusCode == 440))
            Backend.Count("refused " + Request.HttpMethod + " " + Request.Path.ToLowerInvariant());

        var ticket = Backend.CurrentTicket(Context);
        if (ticket != null)
        {
            // Delta-seconds, rounded down: the page never believes in a second the ticket lacks.
            var left = Math.Max(0, (int)Math.Floor((ticket.Expiration - DateTime.Now).TotalSeconds));
            Response.AppendHeader("Session-Expires", left.ToString());
            Backend.LastExpiry = (long)(ticket.Expiration.ToUniversalTime() - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalMilliseconds;
        }
        Response.AppendHeader("Cache-Control", "no-store");
    }
</script>
