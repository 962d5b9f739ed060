<%@ WebHandler Language="C#" Class="CountsHandler" %>
using System;
using System.Web;

// For the test only: what the server processed (GET), and "sign out everywhere" (POST ?revoke=1),
// after which every ticket issued before now is refused.
public class CountsHandler : IHttpHandler
{
    public bool IsReusable { get { return true; } }

    public void ProcessRequest(HttpContext context)
    {
        if (context.Request.HttpMethod == "POST" && context.Request.QueryString["revoke"] == "1")
            Backend.RevokedBefore = DateTime.Now;
        context.Response.ContentType = "application/json";
        context.Response.Write(Backend.Json());
    }
}
