<%@ WebHandler Language="C#" Class="LoginHandler" %>
using System.Web;
using System.Web.Security;

// The sign-in: a password check, then the forms ticket. A wrong password answers 401, which the
// forms module turns into its redirect to Login.aspx unless redirects are suppressed for /api/.
public class LoginHandler : IHttpHandler
{
    public bool IsReusable { get { return true; } }

    public void ProcessRequest(HttpContext context)
    {
        var form = context.Request.Form;
        if (context.Request.HttpMethod != "POST") { context.Response.StatusCode = 405; return; }
        if (form["username"] == "ada" && form["password"] == "correct horse")
        {
            Backend.Count("login ok");
            FormsAuthentication.SetAuthCookie("ada", false);
            context.Response.ContentType = "application/json";
            context.Response.Write("{\"user\":\"ada\"}");
        }
        else
        {
            Backend.Count("login refused");
            context.Response.StatusCode = 401;
        }
    }
}
