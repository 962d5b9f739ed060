<%@ WebHandler Language="C#" Class="CsrfHandler" %>
using System.Web;
using System.Web.Helpers;

// AntiForgery's pair: a cookie token and a request token bound to the signed-in user. The page
// reads the request token here (after each sign-in: a token made for one user fails for another).
public class CsrfHandler : IHttpHandler
{
    public bool IsReusable { get { return true; } }

    public void ProcessRequest(HttpContext context)
    {
        var old = context.Request.Cookies["csrf"];
        string cookieToken, requestToken;
        AntiForgery.GetTokens(old == null ? null : old.Value, out cookieToken, out requestToken);
        if (cookieToken != null) context.Response.Cookies.Add(new HttpCookie("csrf", cookieToken) { HttpOnly = true, Path = "/" });
        context.Response.ContentType = "application/json";
        context.Response.Write("{\"token\":" + Backend.Quote(requestToken) + "}");
    }
}
