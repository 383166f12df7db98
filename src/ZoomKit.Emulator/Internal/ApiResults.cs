using System.Text;
using System.Text.Json.Nodes;

namespace ZoomKit.Emulator.Internal;

/// <summary>Zoom's REST answers: <c>{"code":N,"message":"…"}</c>, with <c>errors</c> for validation.</summary>
internal static class ApiResults
{
    // Zoom writes '+' and non-ASCII text as they are, not as \u escapes.
    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(JsonNode body) => body.ToJsonString(Relaxed);

    public static IResult Json(JsonNode body, int status = 200) =>
        Results.Text(Serialize(body), "application/json", Encoding.UTF8, status);

    public static IResult Error(int status, int code, string message, IEnumerable<(string Field, string Message)>? errors = null)
    {
        var body = new JsonObject { ["code"] = code, ["message"] = message };
        if (errors is not null)
        {
            body["errors"] = new JsonArray(errors.Select(e => (JsonNode)new JsonObject { ["field"] = e.Field, ["message"] = e.Message }).ToArray());
        }
        return Json(body, status);
    }

    public static IResult Validation(IReadOnlyCollection<(string Field, string Message)> errors) =>
        Error(400, 300, "Validation Failed.", errors);
}
