// What the test reads back from the server (counts of what it processed), and the ticket's expiry.
using System;
using System.Collections.Generic;
using System.Configuration;
using System.Linq;
using System.Text;
using System.Web;
using System.Web.Security;

public static class Backend
{
    static readonly object Gate = new object();
    static readonly Dictionary<string, int> counts = new Dictionary<string, int>();
    static readonly List<string> notes = new List<string>();

    /// Tickets issued before this are refused ("sign out everywhere"): the server ends a session
    /// the page still thinks is alive.
    public static DateTime RevokedBefore = DateTime.MinValue;

    /// The latest expiry a response gave (epoch ms): when the server will end the session.
    public static long LastExpiry;

    public static string EndSignal
    {
        get { return ConfigurationManager.AppSettings["endSignal"] ?? "redirect"; }
    }

    public static bool IsApi(HttpRequest request)
    {
        return request.Path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase);
    }

    public static void Count(string name)
    {
        lock (Gate) { int n; counts.TryGetValue(name, out n); counts[name] = n + 1; }
    }

    public static void AddNote(string note)
    {
        lock (Gate) notes.Add(note);
    }

    /// The ticket this response leaves the browser with: the one it sets (a sign-in, a renewal),
    /// else the one the request carried. Null when there is none, it has expired, or it is revoked.
    public static FormsAuthenticationTicket CurrentTicket(HttpContext context)
    {
        string name = FormsAuthentication.FormsCookieName;
        HttpCookie cookie = context.Response.Cookies.AllKeys.Contains(name)
            ? context.Response.Cookies[name]
            : context.Request.Cookies[name];
        if (cookie == null || string.IsNullOrEmpty(cookie.Value)) return null;
        FormsAuthenticationTicket ticket;
        try { ticket = FormsAuthentication.Decrypt(cookie.Value); }
        catch (Exception) { return null; }
        if (ticket == null || ticket.Expired || ticket.IssueDate < RevokedBefore) return null;
        return ticket;
    }

    /// AntiForgery: the X-CSRF-Token header against the csrf cookie, both made for this user.
    public static bool CsrfValid(HttpContext context)
    {
        var cookie = context.Request.Cookies["csrf"];
        try
        {
            System.Web.Helpers.AntiForgery.Validate(cookie == null ? null : cookie.Value, context.Request.Headers["X-CSRF-Token"]);
            return true;
        }
        catch (System.Web.Mvc.HttpAntiForgeryException)
        {
            Count("csrf refused " + context.Request.Path.ToLowerInvariant());
            return false;
        }
    }

    public static string Json()
    {
        lock (Gate)
        {
            var parts = counts.OrderBy(p => p.Key).Select(p => "\"" + p.Key + "\":" + p.Value);
            var list = string.Join(",", notes.Select(Quote));
            return "{\"counts\":{" + string.Join(",", parts) + "},\"notes\":[" + list + "],\"lastExpiry\":" + LastExpiry + ",\"endSignal\":" + Quote(EndSignal) + "}";
        }
    }

    public static string Quote(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in text)
        {
            if (c == '"' || c == '\\') sb.Append('\\').Append(c);
            else if (c < ' ') sb.AppendFormat("\\u{0:x4}", (int)c);
            else sb.Append(c);
        }
        return sb.Append('"').ToString();
    }
}
