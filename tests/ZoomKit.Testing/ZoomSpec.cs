using System.Text.Json.Nodes;

namespace ZoomKit.Testing;

/// <summary>
/// Zoom's OpenAPI documents (shared/zoom-spec beside the repository, or ZOOMKIT_SPEC_DIR) read as
/// JSON: operations, their request and response schemas, their parameters and the properties a
/// schema declares (<c>allOf</c>, <c>anyOf</c> and <c>oneOf</c> included). Tests derive what they
/// check from here, so that a field Zoom adds tomorrow is covered too.
/// </summary>
public static class ZoomSpec
{
    private static readonly Lazy<string> Folder = new(FindFolder);
    private static readonly Lazy<JsonObject> MeetingsDoc = new(() => Load("endpoints/workplace/Meetings.json"));
    private static readonly Lazy<JsonObject> UsersDoc = new(() => Load("endpoints/accounts/Users.json"));

    /// <summary>The Meetings API document.</summary>
    public static JsonObject Meetings => MeetingsDoc.Value;

    /// <summary>The Users API document.</summary>
    public static JsonObject Users => UsersDoc.Value;

    /// <summary>The folder the documents were read from.</summary>
    public static string Directory => Folder.Value;

    public static JsonObject Operation(JsonObject doc, string path, string method) => (JsonObject)doc["paths"]![path]![method]!;

    public static JsonObject RequestSchema(JsonObject doc, string path, string method) =>
        (JsonObject)Operation(doc, path, method)["requestBody"]!["content"]!["application/json"]!["schema"]!;

    public static JsonObject ResponseSchema(JsonObject doc, string path, string method, string status) =>
        (JsonObject)Operation(doc, path, method)["responses"]![status]!["content"]!["application/json"]!["schema"]!;

    /// <summary>The names of the query parameters an operation declares (its own and its path's).</summary>
    public static HashSet<string> QueryParameters(JsonObject doc, string path, string method)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var list in new[] { doc["paths"]![path]!["parameters"], Operation(doc, path, method)["parameters"] })
        {
            foreach (var parameter in (list as JsonArray ?? []).OfType<JsonObject>())
            {
                if (parameter["in"]?.GetValue<string>() == "query")
                {
                    names.Add(parameter["name"]!.GetValue<string>());
                }
            }
        }
        return names;
    }

    /// <summary>Every property the schema declares, merged over <c>allOf</c>, <c>anyOf</c> and <c>oneOf</c>.</summary>
    public static Dictionary<string, JsonObject> Properties(JsonObject schema)
    {
        var result = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, value) in properties)
            {
                result[name] = (JsonObject)value!;
            }
        }
        foreach (var key in new[] { "allOf", "anyOf", "oneOf" })
        {
            if (schema[key] is JsonArray parts)
            {
                foreach (var part in parts.OfType<JsonObject>())
                {
                    foreach (var (name, value) in Properties(part))
                    {
                        result.TryAdd(name, value);
                    }
                }
            }
        }
        return result;
    }

    /// <summary>The schema of an array's items, or null.</summary>
    public static JsonObject? Items(JsonObject schema) => schema["items"] as JsonObject;

    /// <summary>True when the schema describes an object with declared properties (its own or its parts').</summary>
    public static bool IsObject(JsonObject schema) => Properties(schema).Count > 0;

    private static JsonObject Load(string relative) => (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(Folder.Value, relative)))!;

    private static string FindFolder()
    {
        if (Environment.GetEnvironmentVariable("ZOOMKIT_SPEC_DIR") is { Length: > 0 } configured)
        {
            return configured;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "zoom-spec");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("Zoom's OpenAPI documents were not found: put shared/zoom-spec beside the repository or set ZOOMKIT_SPEC_DIR.");
    }
}
