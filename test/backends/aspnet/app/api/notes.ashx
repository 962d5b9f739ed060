<%@ WebHandler Language="C#" Class="NotesHandler" %>
using System.Collections.Generic;
using System.IO;
using System.Web;
using System.Web.Script.Serialization;

// The JSON API the page saves to: AntiForgery-checked (X-CSRF-Token against the csrf cookie),
// counted only once processed.
public class NotesHandler : IHttpHandler
{
    public bool IsReusable { get { return true; } }

    public void ProcessRequest(HttpContext context)
    {
        if (context.Request.HttpMethod != "POST") { context.Response.StatusCode = 405; return; }
        if (!Backend.CsrfValid(context)) { context.Response.StatusCode = 403; return; }
        string body;
        using (var reader = new StreamReader(context.Request.InputStream)) body = reader.ReadToEnd();
        var data = new JavaScriptSerializer().Deserialize<Dictionary<string, object>>(body);
        var note = data != null && data.ContainsKey("note") ? (string)data["note"] : "";
        Backend.Count("saved");
        Backend.AddNote(note);
        context.Response.ContentType = "application/json";
        context.Response.Write("{\"saved\":" + Backend.Quote(note) + "}");
    }
}
